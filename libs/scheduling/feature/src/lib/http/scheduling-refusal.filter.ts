import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { ProblemDetails } from '@massage/platform';
import { schedulingProblemType } from '@massage/scheduling-api';
import type { Request, Response } from 'express';
import { SchedulingRefusal } from './scheduling-refusal';

const TITLES = { 409: 'Conflict', 422: 'Unprocessable Entity' } as const;

/**
 * The one mapping of scheduling's refusals to problem+json (RFC 9457): `type` names the rule, `refusals` lists
 * every rule that refused and its codes (a screening rule such as `DVT_ACT`, a technique, a resource). Put on
 * the controllers: it takes precedence over the platform's catch-all filter for this error only.
 */
@Catch(SchedulingRefusal)
export class SchedulingRefusalFilter implements ExceptionFilter {
  catch(refusal: SchedulingRefusal, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const problem: ProblemDetails = {
      type: schedulingProblemType(refusal.rule),
      title: TITLES[refusal.status],
      status: refusal.status,
      detail: refusal.message,
      instance: ctx.getRequest<Request>().originalUrl,
      rule: refusal.rule,
      ...(refusal.refusals.length > 0 ? { refusals: refusal.refusals } : {}),
    };
    ctx.getResponse<Response>().status(refusal.status).type('application/problem+json').json(problem);
  }
}
