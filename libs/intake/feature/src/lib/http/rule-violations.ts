import type { RuleViolation } from '@massage/intake-domain';
import { ValidationProblem } from '@massage/platform';

/** Throws the domain's rule violations as a 400 problem+json naming each field. */
export function throwIfViolated(violations: RuleViolation[]): void {
  if (violations.length > 0) throw new ValidationProblem(violations.map((v) => ({ name: v.field, reason: v.reason })));
}
