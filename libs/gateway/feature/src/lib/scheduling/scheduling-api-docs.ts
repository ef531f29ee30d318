import { ApiExtraModels, getSchemaPath, type ApiResponseOptions } from '@nestjs/swagger';
import { SchedulingProblemDto } from './scheduling-responses.dto';

/** Registers the schema of scheduling's refusals (put on each scheduling controller whose routes document one). */
export const SchedulingRefusalsApi = (): ClassDecorator => ApiExtraModels(SchedulingProblemDto);

/** A scheduling refusal as documented: problem+json whose `type` (and `rule`) names the rule, `refusals` every rule broken. */
export function refusalResponse(description: string, example?: Record<string, unknown>): ApiResponseOptions {
  const schema = { $ref: getSchemaPath(SchedulingProblemDto) };
  return { description, content: { 'application/problem+json': example ? { schema, example } : { schema } } };
}
