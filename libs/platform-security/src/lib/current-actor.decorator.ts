import { createParamDecorator, type ExecutionContext, InternalServerErrorException } from '@nestjs/common';
import type { Actor } from '@massage/security';
import type { Request } from 'express';

/** A request the policy guard let through, with the verified actor. */
export interface ActorRequest extends Request {
  actor?: Actor;
}

/** The verified actor of the current request (set by the policy guard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<ActorRequest>().actor;
  if (!actor) throw new InternalServerErrorException('route without a verified actor');
  return actor;
});
