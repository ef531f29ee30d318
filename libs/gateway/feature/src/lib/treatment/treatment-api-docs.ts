import { treatmentProblemType } from '@massage/treatment-api';
import { ApiExtraModels, getSchemaPath, type ApiResponseOptions } from '@nestjs/swagger';
import { TreatmentProblemDto } from './treatment-responses.dto';

/** Registers the schema of treatment's refusals (on each treatment controller). */
export const TreatmentRefusalsApi = (): ClassDecorator => ApiExtraModels(TreatmentProblemDto);

/** A treatment refusal as documented: problem+json whose `type` (and `rule`) names the rule, with an example of it. */
export function treatmentRefusal(description: string, rule: string, status: number, refusal: Record<string, unknown> = {}): ApiResponseOptions {
  const title = { 403: 'Forbidden', 409: 'Conflict', 422: 'Unprocessable Entity' }[status] ?? 'Bad Request';
  const example = { type: treatmentProblemType(rule), title, status, rule, refusals: [{ rule, ...refusal }] };
  return { description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(TreatmentProblemDto) }, example } } };
}

/** What restricted work is refused with (a plan's or a note's): 422 naming the screening rule; nothing is written. */
export const RESTRICTED_WORK = treatmentRefusal(
  "The client's latest screening forbids part of it: the type (and `rule`) names the first rule broken (`screening-pending`, `deferred`, `contraindicated` naming the screening rule, " +
    '`clearance-required`), `refusals` lists all. Nothing is written.',
  'contraindicated',
  422,
  { screeningRule: 'VARIC', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'] },
);
