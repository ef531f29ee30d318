import type { Outcome, TreatmentRefusal, TreatmentRefusalRule } from '@massage/treatment-domain';

/** What each refusal means to the person asking, for the problem's `detail`. */
const DETAIL: Record<TreatmentRefusalRule, string> = {
  invalid: 'The request breaks the record’s rules; see invalid-params.',
  'screening-pending': 'The client has not been screened yet.',
  deferred: "The client's latest screening defers massage until a condition is resolved.",
  contraindicated: "The client's latest screening forbids a technique, region or pressure asked for.",
  'clearance-required': "Work asked for needs a physician's clearance valid until it ends.",
  'not-your-session': "Only the appointment's therapist writes its note.",
  'note-signed': 'The note is signed and locked: correct it with an amendment.',
  'note-not-signed': 'Only a signed note is amended; a draft is saved.',
  'note-incomplete': 'The note lacks what a signed record must have.',
  'plan-closed': 'The plan is completed or discontinued.',
};

const STATUS: Partial<Record<TreatmentRefusalRule, 400 | 403 | 409>> = {
  invalid: 400,
  'not-your-session': 403,
  'note-signed': 409,
  'note-not-signed': 409,
  'plan-closed': 409,
};

/**
 * A plan or a note the treatment rules refuse, named by its first rule (every refusal is listed). Use cases throw
 * it before anything is written; `TreatmentRefusalFilter` answers it as problem+json whose `type` ends in the rule.
 */
export class TreatmentRefused extends Error {
  readonly rule: TreatmentRefusalRule;
  readonly status: 400 | 403 | 409 | 422;

  constructor(readonly refusals: readonly TreatmentRefusal[]) {
    const first = refusals[0];
    if (!first) throw new Error('TreatmentRefused needs at least one refusal');
    super(DETAIL[first.rule]);
    this.name = 'TreatmentRefused';
    this.rule = first.rule;
    this.status = STATUS[first.rule] ?? 422;
  }
}

/** The value of a domain step, or its refusals thrown. */
export function accepted<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new TreatmentRefused(outcome.refusals);
  return outcome.value;
}
