import { PRESSURE_LEVELS, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import type {
  ClearanceGap,
  ClearanceState,
  ContraindicatedRefusal,
  Restriction,
  ScreeningRefusal,
  ScreeningState,
  WorkItem,
} from './restriction.types';

const rank = (p: PressureLevel): number => PRESSURE_LEVELS.indexOf(p);

/** Whether a pressure breaks a cap (`none` = no work at all). */
export function aboveCap(pressure: PressureLevel, cap: PressureLevel | 'none'): boolean {
  return cap === 'none' || rank(pressure) > rank(cap);
}

const listed = <T extends string>(scope: 'all' | readonly T[], x: T): boolean => scope === 'all' || scope.includes(x);

/**
 * The work of a plan: every planned technique on every focus region at the planned pressure (technique by
 * technique, regions in the plan's order). Scheduling judges a booking's plan this way, treatment a plan's.
 */
export function planWork(techniques: readonly Technique[], regions: readonly BodyRegion[], pressure: PressureLevel): WorkItem[] {
  return techniques.flatMap((technique) => regions.map((region) => ({ technique, region, pressure })));
}

/**
 * Why a CLEARANCE restriction still blocks work that lasts until `until`, or undefined when it is satisfied:
 * the screening named a clearance (`satisfiedBy`) and it is known, answers this rule, is recorded, and is
 * valid for the whole work (`until` ≤ `expiresAt`). A clearance recorded after the screening counts only once
 * intake has screened again (the new screening names it): the engine alone judges its scope.
 */
export function clearanceGap(restriction: Restriction, clearances: readonly ClearanceState[], until: Date): ClearanceGap | undefined {
  if (!restriction.satisfiedBy) return 'none';
  const c = clearances.find((x) => x.id === restriction.satisfiedBy);
  if (!c || !c.rules.includes(restriction.rule)) return 'unknown';
  if (c.status === 'revoked') return 'revoked';
  if (c.status === 'expired') return 'expired';
  if (c.status !== 'recorded') return 'not-recorded';
  return until.getTime() <= c.expiresAt.getTime() ? undefined : 'expired';
}

/** The refusals that hold whatever the work: no screening → `screening-pending`; deferred outcome or any ABSOLUTE → `deferred`. */
export function screeningGate(screening: ScreeningState | undefined): ScreeningRefusal[] {
  if (!screening) return [{ rule: 'screening-pending' }];
  const absolute = screening.restrictions.filter((r) => r.kind === 'ABSOLUTE').map((r) => r.rule);
  if (screening.outcome === 'deferred' || absolute.length > 0) return [{ rule: 'deferred', screeningRules: [...new Set(absolute)] }];
  return [];
}

/** The items of `work` (by position) that `pick` selects, with their distinct techniques and regions in order of first appearance. */
function gather(work: readonly WorkItem[], pick: (item: WorkItem) => boolean): { items: number[]; techniques: Technique[]; regions: BodyRegion[] } {
  const items: number[] = [];
  const techniques: Technique[] = [];
  const regions: BodyRegion[] = [];
  work.forEach((w, i) => {
    if (!pick(w)) return;
    items.push(i);
    if (!techniques.includes(w.technique)) techniques.push(w.technique);
    if (!regions.includes(w.region)) regions.push(w.region);
  });
  return { items, techniques, regions };
}

const deepest = (work: readonly WorkItem[], items: number[]): PressureLevel =>
  items.map((i) => work[i].pressure).reduce((a, b) => (rank(b) > rank(a) ? b : a));

/**
 * What one restriction forbids of the work, judged item by item. An item is "covered" when the restriction
 * lists its region (or `all`); on covered items:
 * - LOCAL: items of its techniques (`all`: every technique) are forbidden → `contraindicated`; with a numeric
 *   cap, only those above it (one refusal, with `pressure`);
 * - MODIFY reads "on these regions, these techniques at most this pressure": items of its techniques (`all`:
 *   every technique) above its cap (`none`: at any pressure) are forbidden (one refusal, with `pressure`);
 *   other techniques are not its business (PREG's `prenatal-only` lists every technique but prenatal with cap
 *   `none`; OSTEO caps deep techniques on the spine, not Swedish). Without a cap (positioning advice, which is
 *   not a coverage rule) it forbids nothing;
 * - CLEARANCE: items of its techniques need the clearance (see `clearanceGap`, judged until `until`) →
 *   `clearance-required`. A satisfied clearance adds nothing: what the physician allowed comes back from the
 *   engine as MODIFY/LOCAL restrictions of the new screening;
 * - ABSOLUTE is the gate's (`screeningGate`), not an item's.
 * A refusal names the rule, the techniques and regions of the items it forbids, and their positions.
 */
export function restrictionRefusals(
  restriction: Restriction,
  work: readonly WorkItem[],
  clearances: readonly ClearanceState[],
  until: Date,
): ScreeningRefusal[] {
  const r = restriction;
  const cap = r.maxPressure;
  const onRegion = (w: WorkItem) => listed(r.regions, w.region);
  const onTechnique = (w: WorkItem) => onRegion(w) && listed(r.techniques, w.technique);
  const overCap = (w: WorkItem) => onRegion(w) && cap !== undefined && aboveCap(w.pressure, cap);
  const contraindicated = (kind: ContraindicatedRefusal['kind'], pick: (w: WorkItem) => boolean, withPressure: boolean): ContraindicatedRefusal[] => {
    const hit = gather(work, pick);
    if (hit.items.length === 0) return [];
    const { items, techniques, regions } = hit;
    const pressure = withPressure && cap !== undefined ? { pressure: { planned: deepest(work, items), max: cap } } : {};
    return [{ rule: 'contraindicated', screeningRule: r.rule, kind, techniques, regions, ...pressure, items }];
  };
  switch (r.kind) {
    case 'LOCAL':
      return cap === undefined ? contraindicated('LOCAL', onTechnique, false) : contraindicated('LOCAL', (w) => onTechnique(w) && overCap(w), true);
    case 'MODIFY':
      return contraindicated('MODIFY', (w) => onTechnique(w) && overCap(w), true);
    case 'CLEARANCE': {
      const hit = gather(work, onTechnique);
      if (hit.items.length === 0) return [];
      const gap = clearanceGap(r, clearances, until);
      if (!gap) return [];
      const { items, techniques, regions } = hit;
      return [{ rule: 'clearance-required', screeningRule: r.rule, techniques, regions, clearance: gap, ...(r.satisfiedBy ? { clearanceId: r.satisfiedBy } : {}), items }];
    }
    case 'ABSOLUTE':
      return [];
  }
}

/**
 * Whether the client's latest screening allows the work, lasting until `until`: the gate (`screeningGate`)
 * first, and only if it passes, each restriction's refusals in the screening's order (`restrictionRefusals`).
 * Without work (`undefined`: nothing planned yet), only the gate applies. An empty list means every item is allowed.
 */
export function screeningRefusals(
  screening: ScreeningState | undefined,
  clearances: readonly ClearanceState[],
  work: readonly WorkItem[] | undefined,
  until: Date,
): ScreeningRefusal[] {
  const gate = screeningGate(screening);
  if (gate.length > 0 || !screening || !work) return gate;
  return screening.restrictions.flatMap((r) => restrictionRefusals(r, work, clearances, until));
}
