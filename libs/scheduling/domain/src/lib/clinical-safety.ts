import { clearanceGap as sharedClearanceGap, planWork, screeningRefusals as sharedScreeningRefusals } from '@massage/clinical-restrictions';
import type { Technique } from '@massage/contracts';
import type { Therapist } from './calendar.types';
import type { ClearanceProjection, RestrictionProjection, ScreeningProjection, TreatmentPlan } from './eligibility.types';
import type { LocalDate } from './local-time';
import type { Refusal } from './refusal';

/**
 * The therapist's licence: some licence of the location's jurisdiction is valid on the appointment's local
 * date (`validFrom` ≤ date ≤ `expiresOn`, both days included).
 */
export function licenceRefusal(therapist: Therapist, jurisdiction: string, date: LocalDate): Refusal | undefined {
  const here = therapist.licences.filter((l) => l.jurisdiction === jurisdiction);
  if (here.some((l) => (!l.validFrom || l.validFrom <= date) && date <= l.expiresOn)) return undefined;
  if (here.length === 0) return { rule: 'licence-expired', jurisdiction, date, reason: 'no-licence' };
  const lapsed = here.filter((l) => l.expiresOn < date).map((l) => l.expiresOn).sort();
  return lapsed.length > 0
    ? { rule: 'licence-expired', jurisdiction, date, reason: 'expired', expiresOn: lapsed[lapsed.length - 1] }
    : { rule: 'licence-expired', jurisdiction, date, reason: 'not-yet-valid' };
}

/** A certification per planned technique, valid on the appointment's local date; one refusal per technique lacking one. */
export function certificationRefusals(therapist: Therapist, techniques: readonly Technique[], date: LocalDate): Refusal[] {
  const refusals: Refusal[] = [];
  for (const technique of techniques) {
    const held = therapist.certifications.filter((c) => c.technique === technique);
    if (held.some((c) => (!c.validFrom || c.validFrom <= date) && (!c.expiresOn || date <= c.expiresOn))) continue;
    const reason = held.length === 0 ? 'no-certification' : held.some((c) => c.expiresOn && c.expiresOn < date) ? 'expired' : 'not-yet-valid';
    refusals.push({ rule: 'not-certified', technique, date, reason });
  }
  return refusals;
}

/**
 * Why a CLEARANCE restriction still blocks an appointment ending at `appointmentEnd`, or undefined when it is
 * satisfied: `clearanceGap` of `@massage/clinical-restrictions` (treatment judges session work with it too).
 */
export function clearanceGap(
  restriction: RestrictionProjection,
  clearances: readonly ClearanceProjection[],
  appointmentEnd: Date,
): Extract<Refusal, { rule: 'clearance-required' }>['clearance'] | undefined {
  return sharedClearanceGap(restriction, clearances, appointmentEnd);
}

/**
 * The client's eligibility from their latest screening, for a plan and an appointment `[start, end)`.
 *
 * With T the planned techniques, R the focus regions and P the planned pressure, a restriction "covers"
 * the techniques of T it lists (all of T for `all`) and the regions of R it lists (all of R for `all`):
 * - no screening → `screening-pending`;
 * - outcome `deferred`, or any ABSOLUTE restriction → `deferred` (whatever the plan);
 * - LOCAL: covered techniques on covered regions are forbidden → `contraindicated`; if it carries a numeric
 *   cap, they are allowed up to it (forbidden only when P is above the cap);
 * - MODIFY ("these techniques at most this pressure there"): covered techniques on covered regions are
 *   forbidden when P is above its cap (`none`: at any pressure) → `contraindicated`, with `pressure`; other
 *   techniques are allowed. Without a cap (positioning, which is not a booking rule) it forbids nothing;
 * - CLEARANCE: if covered techniques on covered regions are planned and the restriction is not satisfied
 *   (see `clearanceGap`) → `clearance-required`. A satisfied clearance adds nothing: what the physician
 *   allowed comes back from the engine as MODIFY/LOCAL restrictions of the new screening.
 * Without a plan (a search before the client says what they want), only pending and deferred apply.
 *
 * The rules live in `@massage/clinical-restrictions`, which judges work item by item (technique × region ×
 * pressure, as a session note records it); a plan is the cross product T × R at P (`planWork`), which gives
 * these refusals for a plan with at least one technique and no repeats (what `validateBookingRequest` and the
 * API's DTOs let through). The items' positions, meaningless for a booking, are dropped.
 */
export function screeningRefusals(
  screening: ScreeningProjection | undefined,
  clearances: readonly ClearanceProjection[],
  plan: TreatmentPlan | undefined,
  appointmentEnd: Date,
): Refusal[] {
  const work = plan ? planWork(plan.techniques, plan.focusRegions, plan.pressure) : undefined;
  return sharedScreeningRefusals(screening, clearances, work, appointmentEnd).map((refusal): Refusal => {
    if (refusal.rule === 'contraindicated') return withoutPositions(refusal);
    if (refusal.rule === 'clearance-required') return withoutPositions(refusal);
    return refusal;
  });
}

function withoutPositions<R extends { items: number[] }>(refusal: R): Omit<R, 'items'> {
  const { items, ...named } = refusal;
  void items;
  return named;
}
