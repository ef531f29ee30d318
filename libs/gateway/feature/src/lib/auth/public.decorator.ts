import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'massage:gateway:public';

/** Marks a route that answers without a bearer token (health only; /docs is served outside Nest's router). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
