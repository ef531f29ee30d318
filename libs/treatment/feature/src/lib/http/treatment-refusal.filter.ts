import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { ProblemDetails } from '@massage/platform';
import { treatmentProblemType } from '@massage/treatment-api';
import type { Request, Response } from 'express';
import { TreatmentRefused } from './treatment-refused';

const TITLES = { 400: 'Bad Request', 403: 'Forbidden', 409: 'Conflict', 422: 'Unprocessable Entity' } as const;

/**
 * The one mapping of treatment's refusals to problem+json (RFC 9457): `type` names the rule, `rule` repeats it,
 * `refusals` lists every refusal with its codes (the screening rule such as `VARIC`, the techniques, regions and
 * positions of the work it forbids); an `invalid` refusal also lists its fields as `invalid-params`.
 */
@Catch(TreatmentRefused)
export class TreatmentRefusalFilter implements ExceptionFilter {
  catch(refused: TreatmentRefused, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const invalid = refused.refusals.flatMap((r) => (r.rule === 'invalid' ? r.violations.map((v) => ({ name: v.field, reason: v.reason })) : []));
    const problem: ProblemDetails = {
      type: treatmentProblemType(refused.rule),
      title: TITLES[refused.status],
      status: refused.status,
      detail: refused.message,
      instance: ctx.getRequest<Request>().originalUrl,
      rule: refused.rule,
      refusals: refused.refusals,
      ...(invalid.length > 0 ? { 'invalid-params': invalid } : {}),
    };
    ctx.getResponse<Response>().status(refused.status).type('application/problem+json').json(problem);
  }
}
