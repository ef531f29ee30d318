import { PRESSURE_LEVELS, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
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

const rank = (p: PressureLevel): number => PRESSURE_LEVELS.indexOf(p);

/** Whether the planned pressure breaks a cap (`none` = no work at all). */
function aboveCap(planned: PressureLevel, cap: PressureLevel | 'none'): boolean {
  return cap === 'none' || rank(planned) > rank(cap);
}

function covered<T extends string>(scope: 'all' | readonly T[], planned: readonly T[]): T[] {
  return scope === 'all' ? [...planned] : planned.filter((x) => scope.includes(x));
}

/**
 * Why a CLEARANCE restriction still blocks an appointment, or undefined when it is satisfied: the screening
 * named a clearance (`satisfiedBy`) and scheduling's projection has it recorded, answering this rule, and
 * valid for the whole appointment (`end` ≤ `expiresAt`). A clearance recorded after the screening counts
 * only once intake has screened again (the new screening names it): the engine alone judges its scope.
 */
export function clearanceGap(
  restriction: RestrictionProjection,
  clearances: readonly ClearanceProjection[],
  appointmentEnd: Date,
): Extract<Refusal, { rule: 'clearance-required' }>['clearance'] | undefined {
  if (!restriction.satisfiedBy) return 'none';
  const c = clearances.find((x) => x.id === restriction.satisfiedBy);
  if (!c || !c.rules.includes(restriction.rule)) return 'unknown';
  if (c.status === 'revoked') return 'revoked';
  if (c.status === 'expired') return 'expired';
  if (c.status !== 'recorded') return 'not-recorded';
  return appointmentEnd.getTime() <= c.expiresAt.getTime() ? undefined : 'expired';
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
 * - MODIFY on covered regions: its listed techniques are forbidden there, and P must be within its cap
 *   (`none`: no work there) → `contraindicated`, one refusal for the techniques and one for the pressure.
 *   A MODIFY listing `all` techniques limits pressure only (and positioning, which is not a booking rule);
 * - CLEARANCE: if covered techniques on covered regions are planned and the restriction is not satisfied
 *   (see `clearanceGap`) → `clearance-required`. A satisfied clearance adds nothing: what the physician
 *   allowed comes back from the engine as MODIFY/LOCAL restrictions of the new screening.
 * Without a plan (a search before the client says what they want), only pending and deferred apply.
 */
export function screeningRefusals(
  screening: ScreeningProjection | undefined,
  clearances: readonly ClearanceProjection[],
  plan: TreatmentPlan | undefined,
  appointmentEnd: Date,
): Refusal[] {
  if (!screening) return [{ rule: 'screening-pending' }];
  const absolute = screening.restrictions.filter((r) => r.kind === 'ABSOLUTE').map((r) => r.rule);
  if (screening.outcome === 'deferred' || absolute.length > 0) return [{ rule: 'deferred', screeningRules: [...new Set(absolute)] }];
  if (!plan) return [];
  const refusals: Refusal[] = [];
  for (const r of screening.restrictions) {
    const regions: BodyRegion[] = covered(r.regions, plan.focusRegions);
    if (regions.length === 0) continue;
    const techniques: Technique[] = covered(r.techniques, plan.techniques);
    const cap = r.maxPressure;
    if (r.kind === 'LOCAL') {
      if (techniques.length === 0) continue;
      if (cap === undefined) refusals.push({ rule: 'contraindicated', screeningRule: r.rule, kind: 'LOCAL', techniques, regions });
      else if (aboveCap(plan.pressure, cap))
        refusals.push({ rule: 'contraindicated', screeningRule: r.rule, kind: 'LOCAL', techniques, regions, pressure: { planned: plan.pressure, max: cap } });
    } else if (r.kind === 'MODIFY') {
      if (r.techniques !== 'all' && techniques.length > 0) refusals.push({ rule: 'contraindicated', screeningRule: r.rule, kind: 'MODIFY', techniques, regions });
      if (cap !== undefined && aboveCap(plan.pressure, cap))
        refusals.push({ rule: 'contraindicated', screeningRule: r.rule, kind: 'MODIFY', techniques: [...plan.techniques], regions, pressure: { planned: plan.pressure, max: cap } });
    } else if (r.kind === 'CLEARANCE') {
      if (techniques.length === 0) continue;
      const gap = clearanceGap(r, clearances, appointmentEnd);
      if (gap) refusals.push({ rule: 'clearance-required', screeningRule: r.rule, techniques, regions, clearance: gap, ...(r.satisfiedBy ? { clearanceId: r.satisfiedBy } : {}) });
    }
  }
  return refusals;
}
