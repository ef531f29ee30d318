import { FORM_VERSION_REGEX } from '../intake-rules';
import type { RuleViolation } from '../violation';
import type { IntakeFormDefinition } from './form-definition';
import { INTAKE_FORM_2026_11 } from './intake-2026-11.form';
import { LEGACY_V1_FORMS } from './legacy-v1.form';

/** Every intake form ever published, by version. A form is never removed: intakes stay pinned to theirs. */
export const INTAKE_FORMS: readonly IntakeFormDefinition[] = [INTAKE_FORM_2026_11, ...LEGACY_V1_FORMS];

/** The form new intakes are taken on. */
export const CURRENT_INTAKE_FORM: IntakeFormDefinition = INTAKE_FORM_2026_11;

export function findIntakeForm(version: string): IntakeFormDefinition | undefined {
  return INTAKE_FORMS.find((f) => f.version === version);
}

/** The versions a submission may name. */
export function acceptedFormVersions(): string[] {
  return INTAKE_FORMS.filter((f) => f.status === 'current').map((f) => f.version);
}

/**
 * Why a submission cannot be taken on `version`, naming `field`: malformed, unknown, or retired (its
 * intakes are read-only). Undefined for a current form.
 */
export function formVersionViolation(version: unknown, field = 'formVersion'): RuleViolation | undefined {
  const accepted = acceptedFormVersions().join(', ');
  if (typeof version !== 'string' || !FORM_VERSION_REGEX.test(version)) {
    return { field, reason: `formVersion must be a form version, 1–32 characters of letters, digits, ".", "_" or "-" (accepted: ${accepted})` };
  }
  const form = findIntakeForm(version);
  if (!form) return { field, reason: `unknown form version ${version} (accepted: ${accepted})` };
  if (form.status === 'retired') return { field, reason: `form version ${version} is retired (read-only since ${form.retiredOn ?? 'its successor'}); accepted: ${accepted}` };
  return undefined;
}
