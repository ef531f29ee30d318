import {
  PRESSURE_LEVELS,
  SCREENING_OUTCOMES,
  type BodyRegion,
  type PressureLevel,
  type ScreeningOutcome,
  type Technique,
} from '@massage/contracts';
import { asOfDayNumber, compileRuleTable, resolveRegions } from './compile-rule-table';
import type {
  ClearanceInput,
  Restriction,
  RuleRow,
  RuleTableDocument,
  ScreenFn,
  ScreeningResult,
} from './screening.types';

/*
 * The screening engine: (answers, clearances, table, as-of) → result. Pure: no clock, no I/O; the same
 * input gives a deep-equal result.
 *
 * - Each effect of each row is evaluated against the answers (compileRuleTable); each effect that fires
 *   yields one restriction: the row's code, the effect's kind, techniques (`allExcept` resolved over the
 *   catalogue), regions (`trigger`: the regions of every matching answer, or `regionsWhenUnstated`;
 *   `distal` adds DISTAL_OF), cap, positioning, `reScreenBy` (as-of + the row's reScreenDays), summary,
 *   and the answer paths that fired it.
 * - A CLEARANCE restriction is satisfied by a clearance that names its rule, is not revoked, has not
 *   expired (expiresAt > as-of) and whose scope covers its techniques and regions (`all` covers
 *   anything; a restriction on `all` regions or techniques needs a clearance on `all`). Of several, the
 *   one that expires last (then the smallest id) is named in `satisfiedBy`; the restriction stays in the
 *   list. A cap or positioning in that clearance's scope becomes a MODIFY under the same rule (summary
 *   `clearance-scope`, `fromClearance`) right after it. A clearance touches nothing else: an ABSOLUTE,
 *   LOCAL or MODIFY restriction is never lifted or weakened, and an expired or revoked one counts as none.
 * - Outcome: `deferred` if any ABSOLUTE; else `clearance-required` if any CLEARANCE is unsatisfied; else
 *   `restricted` if any LOCAL; else `modified` if any MODIFY or satisfied CLEARANCE; else `cleared`.
 * - Order: table row order, then effect order; paths by answer field (conditions, surgeries, fractures,
 *   devices, pregnancy, medications, symptomsToday), then index; techniques and regions in catalogue order.
 * - Dates: an answer's calendar date is compared with the UTC calendar date of the as-of instant.
 * - Today's answers (`symptomsToday`: fever, red flags, headache, bruising …) hold only on the UTC day of
 *   `answeredAt` (default: the as-of instant). Screened as of a later UTC day (a re-screen reusing an older
 *   intake) they count as none. On their day, a restriction that fires only because of them (its effect
 *   does not fire without them) gets `reScreenBy` = the end of that day (the next UTC midnight), or the
 *   row's own reScreenBy if earlier: a today-only deferral. UTC because every other date the engine
 *   compares is a UTC calendar date; a location's local day would need a time zone the engine is not given.
 */
export const screen: ScreenFn = (answers, clearances, table, asOf, answeredAt = asOf) => {
  const compiled = compileRuleTable(table);
  const asOfMs = asOf.getTime();
  const asOfDay = asOfDayNumber(asOf);
  const answersDay = asOfDayNumber(answeredAt);
  const hasToday = answers.symptomsToday.length > 0;
  const todayHolds = answersDay >= asOfDay;
  const withoutToday = { answers: hasToday ? { ...answers, symptomsToday: [] } : answers, asOfDay };
  const input = todayHolds ? { answers, asOfDay } : withoutToday;
  const endOfAnswersDay = (answersDay + 1) * DAY_MS;
  const valid = clearances.filter((c) => c.revokedAt === undefined && Date.parse(c.expiresAt) > asOfMs);
  const restrictions: Restriction[] = [];
  const reAsk: string[] = [];

  for (const { row, effects } of compiled.rules) {
    let fired = false;
    for (const c of effects) {
      const match = c.match(input);
      if (!match) continue;
      fired = true;
      const r: Restriction = {
        rule: row.code,
        kind: c.kind,
        // Copies: a result's lists are the caller's, the compiled table's are shared.
        techniques: c.techniques === 'all' ? 'all' : [...c.techniques],
        regions: copy(resolveRegions(c, match)),
        positioning: c.effect.positioning ? [...c.effect.positioning] : [],
        summary: c.effect.summary,
        triggeredBy: orderPaths(match.paths),
      };
      if (c.effect.maxPressure !== undefined) r.maxPressure = c.effect.maxPressure;
      let reScreenBy = row.reScreenDays === undefined ? undefined : asOfMs + row.reScreenDays * DAY_MS;
      if (hasToday && todayHolds && match.paths.some(isTodayPath) && !c.match(withoutToday))
        reScreenBy = Math.min(reScreenBy ?? endOfAnswersDay, endOfAnswersDay);
      if (reScreenBy !== undefined) r.reScreenBy = new Date(reScreenBy).toISOString();
      restrictions.push(r);
      if (r.kind === 'CLEARANCE') {
        const clearance = bestClearance(r, valid);
        if (clearance) {
          r.satisfiedBy = clearance.id;
          const scope = clearanceScope(r, clearance);
          if (scope) restrictions.push(scope);
        }
      }
    }
    if (fired && row.reAskEveryVisit) reAsk.push(row.code);
  }

  return {
    outcome: outcomeOf(restrictions),
    tableVersion: table.version,
    asOf: asOf.toISOString(),
    restrictions,
    reAskEveryVisit: reAsk,
  };
};

/** The outcome of a list of restrictions (see `screen`). */
export function outcomeOf(restrictions: readonly Restriction[]): ScreeningOutcome {
  let rank = 0;
  for (const r of restrictions) {
    const kindRank =
      r.kind === 'ABSOLUTE'
        ? 4
        : r.kind === 'CLEARANCE'
          ? r.satisfiedBy === undefined
            ? 3
            : 1
          : r.kind === 'LOCAL'
            ? 2
            : 1;
    if (kindRank > rank) rank = kindRank;
  }
  return SCREENING_OUTCOMES[4 - rank] as ScreeningOutcome;
}

/** How restrictive an outcome is: `cleared` 0 … `deferred` 4. */
export function outcomeRank(outcome: ScreeningOutcome): number {
  return SCREENING_OUTCOMES.length - 1 - SCREENING_OUTCOMES.indexOf(outcome);
}

const covers = <T>(scope: readonly T[] | 'all', wanted: readonly T[] | 'all') =>
  scope === 'all' || (wanted !== 'all' && wanted.every((w) => scope.includes(w)));

/** Whether a clearance, valid at the as-of instant, satisfies a CLEARANCE restriction. */
export function clearanceCovers(c: ClearanceInput, r: Restriction): boolean {
  return c.rules.includes(r.rule) && covers(c.techniques, r.techniques) && covers(c.sites, r.regions);
}

function bestClearance(r: Restriction, valid: readonly ClearanceInput[]): ClearanceInput | undefined {
  let best: ClearanceInput | undefined;
  for (const c of valid) {
    if (!clearanceCovers(c, r)) continue;
    if (!best) best = c;
    else {
      const d = Date.parse(c.expiresAt) - Date.parse(best.expiresAt);
      if (d > 0 || (d === 0 && c.id < best.id)) best = c;
    }
  }
  return best;
}

function clearanceScope(r: Restriction, c: ClearanceInput): Restriction | undefined {
  if (c.maxPressure === undefined && (c.positioning === undefined || c.positioning.length === 0)) return undefined;
  const scope: Restriction = {
    rule: r.rule,
    kind: 'MODIFY',
    techniques: copy(r.techniques),
    regions: copy(r.regions),
    positioning: c.positioning ? [...new Set(c.positioning)].sort() : [],
    summary: 'clearance-scope',
    triggeredBy: [...r.triggeredBy],
    fromClearance: c.id,
  };
  if (c.maxPressure !== undefined) scope.maxPressure = c.maxPressure;
  if (r.reScreenBy !== undefined) scope.reScreenBy = r.reScreenBy;
  return scope;
}

const DAY_MS = 86_400_000;
const isTodayPath = (path: string) => path.startsWith('symptomsToday.');

const copy = <T>(xs: 'all' | T[]): 'all' | T[] => (xs === 'all' ? 'all' : [...xs]);

const FIELD_ORDER = ['conditions', 'surgeries', 'fractures', 'devices', 'pregnancy', 'medications', 'symptomsToday'];
function pathKey(path: string): number {
  const dot = path.indexOf('.');
  const field = dot < 0 ? path : path.slice(0, dot);
  return FIELD_ORDER.indexOf(field) * 10_000 + (dot < 0 ? 0 : Number(path.slice(dot + 1)));
}
function orderPaths(paths: string[]): string[] {
  return [...new Set(paths)].sort((a, b) => pathKey(a) - pathKey(b));
}

/**
 * The table version in effect at an instant: the one whose effectiveFrom is the latest on or before the
 * as-of UTC date (the later-listed one if two share a date); undefined before the first.
 */
export function tableInEffect<T extends Pick<RuleTableDocument, 'effectiveFrom'>>(
  tables: readonly T[],
  asOf: Date,
): T | undefined {
  const day = asOf.toISOString().slice(0, 10);
  let best: T | undefined;
  for (const t of tables) if (t.effectiveFrom <= day && (!best || t.effectiveFrom >= best.effectiveFrom)) best = t;
  return best;
}

/**
 * The default expiry of a clearance recorded for a rule: recordedAt + the longest `clearanceValidDays`
 * of the rule's CLEARANCE effects, RFC 3339; undefined when the rule has none (or is not in the table).
 */
export function clearanceExpiryFor(
  rule: string | RuleRow,
  table: RuleTableDocument,
  recordedAt: Date,
): string | undefined {
  const row = typeof rule === 'string' ? table.rules.find((r) => r.code === rule) : rule;
  const days =
    row?.effects.reduce(
      (max, e) =>
        e.kind === 'CLEARANCE' && e.clearanceValidDays !== undefined ? Math.max(max, e.clearanceValidDays) : max,
      -1,
    ) ?? -1;
  return days < 0 ? undefined : new Date(recordedAt.getTime() + days * 86_400_000).toISOString();
}

const LEVEL = new Map<PressureLevel | 'none', number>([
  ['none', 0],
  ...PRESSURE_LEVELS.map((p, i): [PressureLevel, number] => [p, i + 1]),
]);

/** A pressure cap as a number: `none` 0, P1 1 … P5 5. */
export function pressureRank(p: PressureLevel | 'none'): number {
  return LEVEL.get(p) ?? 0;
}

/**
 * The deepest pressure a result allows for a technique in a region: `none` under an ABSOLUTE or an
 * unsatisfied CLEARANCE that concerns them, else the lowest cap of the LOCAL and MODIFY restrictions
 * that concern them (a LOCAL without a cap means `none`); P5 when nothing limits it.
 */
export function pressureLimit(
  result: Pick<ScreeningResult, 'restrictions'>,
  technique: Technique,
  region: BodyRegion,
): PressureLevel | 'none' {
  let limit: PressureLevel | 'none' = 'P5';
  for (const r of result.restrictions) {
    if (
      !(r.techniques === 'all' || r.techniques.includes(technique)) ||
      !(r.regions === 'all' || r.regions.includes(region))
    )
      continue;
    const cap: PressureLevel | 'none' | undefined =
      r.kind === 'ABSOLUTE'
        ? 'none'
        : r.kind === 'CLEARANCE'
          ? r.satisfiedBy === undefined
            ? 'none'
            : undefined
          : r.kind === 'LOCAL'
            ? (r.maxPressure ?? 'none')
            : r.maxPressure;
    if (cap !== undefined && pressureRank(cap) < pressureRank(limit)) limit = cap;
  }
  return limit;
}

/** Whether a technique may be used in a region: its lowest typical pressure fits the limit there. */
export function techniqueFits(
  result: Pick<ScreeningResult, 'restrictions'>,
  table: RuleTableDocument,
  technique: Technique,
  region: BodyRegion,
): boolean {
  return pressureRank(table.techniquePressure[technique].min) <= pressureRank(pressureLimit(result, technique, region));
}
