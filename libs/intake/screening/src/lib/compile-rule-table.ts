import { TECHNIQUES, type BodyRegion, type RestrictionKind, type Technique } from '@massage/contracts';
import type { HealthAnswers } from '@massage/intake-domain';
import { sortRegions, withDistal } from './body-regions';
import type { ConditionTrigger, RuleEffect, RuleRow, RuleTableDocument, Trigger } from './screening.types';

/** What a trigger saw in the answers: the answers' paths, the regions they name, and whether one of them named none. */
export interface TriggerMatch {
  paths: string[];
  regions: BodyRegion[];
  unstated: boolean;
}

/** The answers and the as-of day (days since 1970-01-01, UTC) a compiled trigger reads. */
export interface TriggerInput {
  answers: HealthAnswers;
  asOfDay: number;
}

type CompiledTrigger = (input: TriggerInput) => TriggerMatch | null;

export interface CompiledEffect {
  effect: RuleEffect;
  kind: RestrictionKind;
  match: CompiledTrigger;
  /** Resolved once: `all` or the techniques in catalogue order. */
  techniques: 'all' | Technique[];
  /** Resolved once unless `trigger`: then from the match (`resolveRegions`). */
  regions: 'all' | BodyRegion[] | 'trigger';
}

export interface CompiledRule {
  row: RuleRow;
  effects: CompiledEffect[];
}

export interface CompiledRuleTable {
  table: RuleTableDocument;
  rules: CompiledRule[];
  codes: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;
const compiled = new WeakMap<RuleTableDocument, CompiledRuleTable>();

/**
 * The table with its triggers turned into functions and its technique and fixed region lists resolved,
 * cached per document object (documents are immutable once screened with). The table must be valid
 * (`validateRuleTable`); compiling does not check it again.
 */
export function compileRuleTable(table: RuleTableDocument): CompiledRuleTable {
  let c = compiled.get(table);
  if (!c) {
    c = {
      table,
      rules: table.rules.map((row) => ({ row, effects: row.effects.map(compileEffect) })),
      codes: new Set(table.rules.map((r) => r.code)),
    };
    compiled.set(table, c);
  }
  return c;
}

function compileEffect(effect: RuleEffect): CompiledEffect {
  return {
    effect,
    kind: effect.kind,
    match: compileTrigger(effect.when),
    techniques: resolveTechniques(effect.techniques),
    regions:
      effect.regions === 'all' || effect.regions === 'trigger'
        ? effect.regions
        : effect.distal
          ? withDistal(effect.regions)
          : sortRegions(effect.regions),
  };
}

/** `{ allExcept }` becomes the complement over the catalogue; lists come back in catalogue order. */
export function resolveTechniques(spec: RuleEffect['techniques']): 'all' | Technique[] {
  if (spec === 'all') return 'all';
  const listed = new Set<Technique>('only' in spec ? spec.only : spec.allExcept);
  return TECHNIQUES.filter((t) => listed.has(t) === 'only' in spec);
}

/**
 * The regions of a fired effect: its list, or the matching answers' regions plus `regionsWhenUnstated`
 * (default `all`) when one of them names none (so another answer that names a region never narrows
 * it), plus everything distal when the effect says so.
 */
export function resolveRegions(c: CompiledEffect, match: TriggerMatch): 'all' | BodyRegion[] {
  if (c.regions !== 'trigger') return c.regions;
  const fallback = match.unstated || match.regions.length === 0 ? (c.effect.regionsWhenUnstated ?? 'all') : [];
  if (fallback === 'all') return 'all';
  const named = [...match.regions, ...fallback];
  return c.effect.distal ? withDistal(named) : sortRegions(named);
}

/** Calendar date `YYYY-MM-DD` → days since 1970-01-01; NaN when it cannot be read. */
export function dayNumber(date: string | undefined): number {
  if (date === undefined || date.length !== 10) return Number.NaN;
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Number.isNaN(t) ? Number.NaN : t / DAY_MS;
}

export function asOfDayNumber(asOf: Date): number {
  return Math.floor(asOf.getTime() / DAY_MS);
}

// A date after the as-of day, or unreadable, is "within" any window: the conservative reading.
const within = (date: string | undefined, days: number, asOfDay: number) => !(asOfDay - dayNumber(date) > days);
const olderThan = (date: string | undefined, days: number, asOfDay: number) => asOfDay - dayNumber(date) > days;

function compileTrigger(t: Trigger): CompiledTrigger {
  if ('condition' in t) return compileCondition(t);
  if ('medicationAny' in t) {
    const classes = new Set<string>(t.medicationAny);
    return ({ answers }) => indexMatch('medications', answers.medications, (m) => classes.has(m.class));
  }
  if ('symptomAny' in t) {
    const symptoms = new Set<string>(t.symptomAny);
    return ({ answers }) => indexMatch('symptomsToday', answers.symptomsToday, (s) => symptoms.has(s));
  }
  if ('pregnancy' in t) {
    const { minWeeks, maxWeeks, riskFactorAny } = t.pregnancy;
    const risks = riskFactorAny && new Set<string>(riskFactorAny);
    return ({ answers }) => {
      const p = answers.pregnancy;
      // Weeks v1 never asked (a placeholder) fall in every window: the conservative reading.
      const weeksKnown = !unansweredOf(answers)?.includes('pregnancy.weeks');
      return p &&
        (minWeeks === undefined || !weeksKnown || p.weeks >= minWeeks) &&
        (maxWeeks === undefined || !weeksKnown || p.weeks <= maxWeeks) &&
        (!risks || p.riskFactors.some((r) => risks.has(r)))
        ? { paths: ['pregnancy'], regions: [], unstated: false }
        : null;
    };
  }
  if ('surgeryWithinDays' in t) {
    const days = t.surgeryWithinDays;
    return ({ answers, asOfDay }) =>
      indexMatch(
        'surgeries',
        answers.surgeries,
        (s) => within(s.on, days, asOfDay),
        (s) => s.sites,
      );
  }
  if ('fractureWithinDays' in t) {
    const { fractureWithinDays: days, unhealedOnly } = t;
    return ({ answers, asOfDay }) =>
      indexMatch(
        'fractures',
        answers.fractures,
        (f) => !(unhealedOnly && f.healed) && within(f.on, days, asOfDay),
        (f) => f.sites,
      );
  }
  if ('deviceAny' in t) {
    const { placedWithinDays, notRemoved } = t;
    const kinds = new Set<string>(t.deviceAny);
    return ({ answers, asOfDay }) =>
      indexMatch(
        'devices',
        answers.devices,
        (d) =>
          kinds.has(d.kind) &&
          (placedWithinDays === undefined || within(d.placedOn, placedWithinDays, asOfDay)) &&
          !(notRemoved && d.removedOn !== undefined && dayNumber(d.removedOn) <= asOfDay),
        (d) => d.sites,
      );
  }
  if ('anyOf' in t) {
    const parts = t.anyOf.map(compileTrigger);
    return (input) =>
      merge(
        parts.map((p) => p(input)),
        false,
      );
  }
  const parts = t.allOf.map(compileTrigger);
  return (input) =>
    merge(
      parts.map((p) => p(input)),
      true,
    );
}

/** The paths of answers migrated from form v1 that hold a placeholder (intake-domain's `unanswered`). */
function unansweredOf(answers: HealthAnswers): readonly string[] | undefined {
  return (answers as HealthAnswers & { unanswered?: readonly string[] }).unanswered;
}

function compileCondition(t: ConditionTrigger): CompiledTrigger {
  const codes = new Set<string>(typeof t.condition === 'string' ? [t.condition] : t.condition);
  const { qualifiersAny, qualifiersNone, treatment, treatedWithinDays, treatedOlderThanDays } = t;
  return ({ answers, asOfDay }) =>
    indexMatch(
      'conditions',
      answers.conditions,
      (c) => {
        if (!codes.has(c.code)) return false;
        if (qualifiersAny && !qualifiersAny.some((q) => c.qualifiers.includes(q))) return false;
        if (qualifiersNone && qualifiersNone.some((q) => c.qualifiers.includes(q))) return false;
        const treated = c.treatmentStartedOn !== undefined || c.treatmentEndedOn !== undefined;
        const ongoing = treated && c.treatmentEndedOn === undefined;
        if (treatment === 'ongoing' && !ongoing) return false;
        if (treatment === 'ended' && c.treatmentEndedOn === undefined) return false;
        if (treatment === 'none' && treated) return false;
        if (
          treatedWithinDays !== undefined &&
          !(treated && (ongoing || within(c.treatmentEndedOn, treatedWithinDays, asOfDay)))
        )
          return false;
        if (
          treatedOlderThanDays !== undefined &&
          !(c.treatmentEndedOn !== undefined && olderThan(c.treatmentEndedOn, treatedOlderThanDays, asOfDay))
        )
          return false;
        return true;
      },
      (c) => c.regions,
    );
}

function indexMatch<A>(
  field: string,
  answers: readonly A[],
  test: (a: A) => boolean,
  regionsOf?: (a: A) => readonly BodyRegion[],
): TriggerMatch | null {
  let match: TriggerMatch | null = null;
  for (let i = 0; i < answers.length; i++) {
    const a = answers[i] as A;
    if (!test(a)) continue;
    match ??= { paths: [], regions: [], unstated: false };
    match.paths.push(`${field}.${i}`);
    if (regionsOf) {
      const regions = regionsOf(a);
      if (regions.length === 0) match.unstated = true;
      else match.regions.push(...regions);
    }
  }
  return match;
}

/** anyOf: every matching branch (null if none); allOf: all branches (null if one fails). */
function merge(matches: (TriggerMatch | null)[], all: boolean): TriggerMatch | null {
  const hits = matches.filter((m): m is TriggerMatch => m !== null);
  if (hits.length === 0 || (all && hits.length < matches.length)) return null;
  return {
    paths: hits.flatMap((m) => m.paths),
    regions: hits.flatMap((m) => m.regions),
    unstated: hits.some((m) => m.unstated),
  };
}
