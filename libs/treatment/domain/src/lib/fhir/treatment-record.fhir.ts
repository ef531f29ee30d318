import type {
  Bundle,
  BundleEntry,
  CarePlan,
  CarePlanActivityDetail,
  CodeableConcept,
  Encounter,
  Extension,
  Goal,
  Observation,
  Patient,
  Practitioner,
  Procedure,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { BodyRegion, PressureLevel, Technique } from '@massage/contracts';
import { planOutcomes, type ChangeVerdict } from '../outcomes';
import { sessionEnd } from '../session-note.lifecycle';
import type { SessionNote } from '../session-note.types';
import type { TreatmentPlan, TreatmentPlanStatus } from '../treatment-plan.types';

/**
 * A client's treatment record as treatment holds it. Names, contact and intake answers are intake's: the gateway
 * puts intake's Patient and QuestionnaireResponses into the export (ADR 0023).
 */
export interface TreatmentRecord {
  clientId: string;
  plans: TreatmentPlan[];
  /** Drafts are left out: only signed notes are the record. */
  notes: SessionNote[];
}

export interface FhirExportOptions {
  /** Base of the resources' fullUrls (`<base>/Patient/<id>`); references inside are relative to it. */
  baseUrl?: string;
  /** The bundle's timestamp: the export's instant (no clock in the domain). */
  exportedAt: Date;
}

export const DEFAULT_FHIR_BASE = 'https://massage.example/fhir';

// Codes from ../shared/domain/clinical-records.md ("FHIR R4 mapping"; checked there unless marked).
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';
/** LOINC 72514-3: the pain score (NPRS 0–10). */
const PAIN_SCORE: CodeableConcept['coding'] = [{ system: LOINC, code: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported' }];
/** SNOMED 387854002 for a technique on a region (the file leaves its display unchecked, so none is sent). */
const MASSAGE_PROCEDURE = { system: SNOMED, code: '387854002' };
/** Service type 25 "Massage Therapy" (HL7 service-type). */
const MASSAGE_SERVICE: CodeableConcept = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/service-type', code: '25', display: 'Massage Therapy' }] };
const AMBULATORY = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' };
const category = (code: 'survey' | 'exam', display: string): CodeableConcept[] => [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code, display }] },
];

/** `deep-tissue` → `Deep tissue`. */
const label = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');
const PRESSURE_LABELS: Record<PressureLevel, string> = {
  P1: 'P1 light lotioning',
  P2: 'P2 heavy lotioning',
  P3: 'P3 standard Swedish',
  P4: 'P4 deep',
  P5: 'P5 deepest',
};

/** Our own vocabularies (techniques, regions, Walton's pressure levels, ROM, PSFS) as code systems under the base. */
function vocabulary(base: string) {
  const system = (name: string) => `${base}/CodeSystem/${name}`;
  return {
    technique: (t: Technique): CodeableConcept => ({ coding: [MASSAGE_PROCEDURE, { system: system('technique'), code: t, display: label(t) }], text: `${label(t)} massage` }),
    region: (r: BodyRegion): CodeableConcept => ({ coding: [{ system: system('body-region'), code: r, display: label(r) }], text: label(r) }),
    pressure: (p: PressureLevel) => ({ system: system('pressure-level'), code: p, display: PRESSURE_LABELS[p] }),
    rom: (code: string, text: string): CodeableConcept => ({ coding: [{ system: system('range-of-motion'), code }], text }),
    psfs: (text: string): CodeableConcept => ({ coding: [{ system: system('outcome-measure'), code: 'psfs-item', display: 'Patient-Specific Functional Scale item' }], text }),
    extension: (name: string) => `${base}/StructureDefinition/${name}`,
    identifier: (kind: string, value: string) => ({ system: `${base}/sid/${kind}`, value }),
  };
}

const ref = <T extends Resource>(type: T['resourceType'], id: string): Reference<T> => ({ reference: `${type}/${id}` });
const minutes = (value: number) => ({ value, unit: 'min', system: UCUM, code: 'min' });

const CARE_PLAN_STATUS: Record<TreatmentPlanStatus, CarePlan['status']> = { active: 'active', completed: 'completed', discontinued: 'revoked' };
const GOAL_STATUS: Record<TreatmentPlanStatus, Goal['lifecycleStatus']> = { active: 'active', completed: 'completed', discontinued: 'cancelled' };
const ACTIVITY_STATUS: Record<TreatmentPlanStatus, CarePlanActivityDetail['status']> = { active: 'in-progress', completed: 'completed', discontinued: 'stopped' };
const ACHIEVEMENT: Record<Exclude<ChangeVerdict, 'too-few-sessions'>, string> = { improved: 'improving', worsened: 'worsening', 'no-important-change': 'no-change' };

/** The client by id only; the gateway replaces it with intake's Patient (ADR 0023). */
function patient(clientId: string, v: ReturnType<typeof vocabulary>): Patient {
  return { resourceType: 'Patient', id: clientId, identifier: [v.identifier('client', clientId)] };
}

/** A session as FHIR: the Encounter, a Procedure per work line, pain Observations before and after per region, ROM and PSFS Observations. */
function session(note: SessionNote, plansById: Map<string, TreatmentPlan>, v: ReturnType<typeof vocabulary>): Resource[] {
  const c = note.content;
  const start = note.startsAt.toISOString();
  const end = sessionEnd(note).toISOString();
  const subject = ref<Patient>('Patient', note.clientId);
  const encounter = ref<Encounter>('Encounter', note.appointmentId);
  const performer = ref<Practitioner>('Practitioner', note.therapistId);
  const status: Observation['status'] = note.amendments.length > 0 ? 'amended' : 'final';
  const resources: Resource[] = [
    {
      resourceType: 'Encounter',
      id: note.appointmentId,
      identifier: [v.identifier('appointment', note.appointmentId)],
      status: 'finished',
      class: AMBULATORY,
      serviceType: MASSAGE_SERVICE,
      subject,
      participant: [{ individual: performer }],
      period: { start, end },
    } satisfies Encounter,
  ];
  c.work.forEach((w, i) => {
    const extension: Extension[] = [
      { url: v.extension('pressure-level'), valueCoding: v.pressure(w.pressure) },
      { url: v.extension('work-minutes'), valueDuration: minutes(w.minutes) },
    ];
    resources.push({
      resourceType: 'Procedure',
      id: `${note.noteId}-work-${i + 1}`,
      extension,
      status: 'completed',
      code: v.technique(w.technique),
      subject,
      encounter,
      performedPeriod: { start, end },
      performer: [{ actor: performer }],
      bodySite: [v.region(w.region)],
      note: [{ text: `${PRESSURE_LABELS[w.pressure]}, ${w.minutes} min` }],
    } satisfies Procedure);
  });
  const pain = (region: BodyRegion, when: 'before' | 'after', value: number, i: number): Observation => ({
    resourceType: 'Observation',
    id: `${note.noteId}-pain-${i + 1}-${when}`,
    status,
    category: category('survey', 'Survey'),
    code: { coding: PAIN_SCORE, text: `Pain ${when} treatment (0-10)` },
    subject,
    encounter,
    effectiveDateTime: when === 'before' ? start : end,
    performer: [subject],
    valueInteger: value,
    bodySite: v.region(region),
  });
  c.pain.forEach((p, i) => {
    resources.push(pain(p.region, 'before', p.before, i));
    if (p.after !== undefined) resources.push(pain(p.region, 'after', p.after, i));
  });
  c.rangeOfMotion.forEach((m, i) => {
    const what = `${m.side ? `${label(m.side)} ` : ''}${m.joint.replace(/-/g, ' ')} ${m.movement.replace(/-/g, ' ')} (${m.mode})`;
    resources.push({
      resourceType: 'Observation',
      id: `${note.noteId}-rom-${i + 1}`,
      status,
      category: category('exam', 'Exam'),
      code: v.rom(`${m.joint}.${m.movement}`, `Range of motion: ${what}`),
      subject,
      encounter,
      effectiveDateTime: start,
      performer: [performer],
      valueQuantity: { value: m.degrees, unit: 'deg', system: UCUM, code: 'deg' },
      method: { text: m.mode },
    } satisfies Observation);
  });
  const goals = new Map((note.planId ? plansById.get(note.planId)?.goals ?? [] : []).map((g) => [g.goalId, g]));
  c.functionScores.forEach((s, i) => {
    resources.push({
      resourceType: 'Observation',
      id: `${note.noteId}-psfs-${i + 1}`,
      status,
      category: category('survey', 'Survey'),
      code: v.psfs(`PSFS: ${goals.get(s.goalId)?.activity ?? s.goalId}`),
      subject,
      encounter,
      effectiveDateTime: start,
      performer: [subject],
      valueInteger: s.score,
      ...(goals.has(s.goalId) ? { focus: [ref<Goal>('Goal', s.goalId)] } : {}),
    } satisfies Observation);
  });
  return resources;
}

/** A plan as a CarePlan (an activity per technique, with the sessions that used it) and a Goal per PSFS activity. */
function plan(p: TreatmentPlan, notes: SessionNote[], today: string, v: ReturnType<typeof vocabulary>): Resource[] {
  const subject = ref<Patient>('Patient', p.clientId);
  const own = notes.filter((n) => n.planId === p.planId);
  const outcomes = planOutcomes(p, own, today);
  const psfsObservations = (goalId: string) =>
    own.flatMap((n) => n.content.functionScores.flatMap((s, i) => (s.goalId === goalId ? [ref<Observation>('Observation', `${n.noteId}-psfs-${i + 1}`)] : [])));
  const goals: Goal[] = p.goals.map((g) => {
    const trend = outcomes.psfs.items.find((t) => t.goalId === g.goalId);
    const achievement = trend?.targetReached ? 'achieved' : trend && trend.verdict !== 'too-few-sessions' ? ACHIEVEMENT[trend.verdict] : undefined;
    const observed = psfsObservations(g.goalId);
    return {
      resourceType: 'Goal',
      id: g.goalId,
      lifecycleStatus: GOAL_STATUS[p.status],
      ...(achievement ? { achievementStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: achievement }] } } : {}),
      description: { text: g.activity },
      subject,
      target: [{ measure: v.psfs('PSFS item score (0-10)'), detailInteger: g.targetScore, ...(g.by ? { dueDate: g.by } : {}) }],
      note: [{ text: `PSFS baseline ${g.baselineScore}/10, target ${g.targetScore}/10` }],
      ...(observed.length > 0 ? { outcomeReference: observed } : {}),
    };
  });
  const notes_: string[] = [`Focus regions: ${p.focusRegions.map(label).join(', ')}; pressure up to ${PRESSURE_LABELS[p.maxPressure]}.`, `Re-assess on ${p.reassessOn}.`];
  if (p.referral) notes_.push(`Referred by ${p.referral.referrer ? `${p.referral.referrer} (${p.referral.source})` : p.referral.source}${p.referral.reasonCode ? ` for ${p.referral.reasonCode}` : ''}.`);
  if (p.reviewNeeded) notes_.push(`Review needed: screening rules ${p.reviewNeeded.rules.join(', ')}.`);
  const carePlan: CarePlan = {
    resourceType: 'CarePlan',
    id: p.planId,
    status: CARE_PLAN_STATUS[p.status],
    intent: 'plan',
    title: 'Therapeutic massage treatment plan',
    subject,
    period: { start: p.createdAt.toISOString(), ...(p.closedAt ? { end: p.closedAt.toISOString() } : {}) },
    created: p.createdAt.toISOString(),
    ...(p.therapistId ? { author: ref<Practitioner>('Practitioner', p.therapistId) } : {}),
    goal: goals.map((g) => ref<Goal>('Goal', g.id as string)),
    activity: p.techniques.map((t) => {
      const used = own.filter((n) => n.content.work.some((w) => w.technique === t)).map((n) => ref<Encounter>('Encounter', n.appointmentId));
      return {
        ...(used.length > 0 ? { outcomeReference: used } : {}),
        detail: {
          code: v.technique(t),
          status: ACTIVITY_STATUS[p.status],
          scheduledTiming: { repeat: { frequency: p.frequency.sessions, period: p.frequency.everyWeeks, periodUnit: 'wk', count: p.plannedSessions } },
          description: `${label(t)} on ${p.focusRegions.map(label).join(', ')}`,
        },
      };
    }),
    note: notes_.map((text) => ({ text })),
  };
  return [carePlan, ...goals];
}

/**
 * A client's record as a FHIR R4 Bundle of type `collection` (a set of resources for a physician or
 * physiotherapist, not one attested document: a signed note's document Bundle with Composition and Provenance
 * is a separate export, ADR 0016): the Patient and a Practitioner per therapist (ids only), per plan a CarePlan
 * and a Goal per PSFS activity, and per signed session an Encounter, a Procedure per work line (technique, region,
 * pressure and minutes), pain Observations (LOINC 72514-3) before and after per region, ROM and PSFS
 * Observations. Entries are `<base>/<type>/<id>`; references are relative (`Patient/<id>`), so they resolve
 * inside the bundle. An amended note exports its latest version (Observations `amended`).
 */
export function toFhirBundle(record: TreatmentRecord, options: FhirExportOptions): Bundle {
  const base = (options.baseUrl ?? DEFAULT_FHIR_BASE).replace(/\/$/, '');
  const v = vocabulary(base);
  const signed = record.notes.filter((n) => n.status === 'signed' && n.clientId === record.clientId).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const plans = record.plans.filter((p) => p.clientId === record.clientId);
  const plansById = new Map(plans.map((p) => [p.planId, p]));
  const therapists = [...new Set([...plans.flatMap((p) => (p.therapistId ? [p.therapistId] : [])), ...signed.map((n) => n.therapistId)])];
  const today = options.exportedAt.toISOString().slice(0, 10);
  const resources: Resource[] = [
    patient(record.clientId, v),
    ...therapists.map((id): Practitioner => ({ resourceType: 'Practitioner', id, identifier: [v.identifier('therapist', id)] })),
    ...plans.flatMap((p) => plan(p, signed, today, v)),
    ...signed.flatMap((n) => session(n, plansById, v)),
  ];
  const entry: BundleEntry[] = resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id as string}`, resource }));
  return { resourceType: 'Bundle', type: 'collection', timestamp: options.exportedAt.toISOString(), entry };
}
