import { createParamDecorator, type ExecutionContext, InternalServerErrorException } from '@nestjs/common';
import type { Request } from 'express';
import type { Caller } from './auth-token';

/** A request the auth guard has let through, with the caller its token names. */
export interface AuthenticatedRequest extends Request {
  caller?: Caller;
}

/** The verified caller of the current request (set by GatewayAuthGuard). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) throw new InternalServerErrorException('route without an authenticated caller');
  return caller;
});
