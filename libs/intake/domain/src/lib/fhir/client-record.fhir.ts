import type { Bundle, Patient, QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer, Reference, Resource } from '@medplum/fhirtypes';
import type { IntakeKind, PressureLevel, PressurePreference, ScreeningOutcome } from '@massage/contracts';
import type { HealthAnswers } from '../health-answers';
import { findIntakeForm } from '../forms/form-registry';
import type { HealthHistoryV1 } from '../legacy-v1/health-history-v1';

/**
 * Intake's part of a client's FHIR R4 record (ADR 0023): the Patient (intake owns the client's identity) and a
 * QuestionnaireResponse per completed intake (intake owns the answers). The gateway puts them in one Bundle with
 * treatment's resources; both sides write `<base>/<type>/<id>` full URLs and `Patient/<client id>` references.
 */

/** The base of the franchise's FHIR URLs, the one treatment's export uses too. */
export const FHIR_BASE = 'https://massage.example/fhir';

/** The client as intake holds it. After a contact erasure (ADR 0010) e-mail and phone are gone: no telecom. */
export interface ClientIdentity {
  clientId: string;
  givenName: string;
  familyName: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string;
  email: string | null;
  phone: string | null;
  contactErasedAt: Date | null;
}

/** The codes of the screening an intake's answers produced (no summaries, no answers). */
export interface IntakeScreeningCodes {
  screeningId: string;
  outcome: ScreeningOutcome;
  tableVersion: string;
  /** The rules that fired, in the engine's order, each once. */
  rules: string[];
}

/** A completed, signed intake as intake stores it. */
export interface StoredIntake {
  intakeId: string;
  formVersion: string;
  kind: IntakeKind;
  previousIntakeId: string | null;
  submittedAt: Date;
  /** Form v2's answers (on a v1 intake: migrated; the v1 answers below are what the client answered). */
  answers: HealthAnswers;
  healthHistoryV1: HealthHistoryV1 | null;
  pressurePreferenceV1: PressurePreference | null;
  goals: string[];
  consent: { textVersion: string; signedAt: Date };
  screening?: IntakeScreeningCodes;
}

export interface ClientRecordFhirOptions {
  /** The bundle's timestamp (no clock in the domain). */
  exportedAt: Date;
  baseUrl?: string;
}

type Answer = QuestionnaireResponseItemAnswer;
const ref = <T extends Resource>(type: T['resourceType'], id: string): Reference<T> => ({ reference: `${type}/${id}` });

function vocabulary(base: string) {
  return {
    coding: (system: string, code: string): Answer => ({ valueCoding: { system: `${base}/CodeSystem/${system}`, code } }),
    identifier: (kind: string, value: string) => ({ system: `${base}/sid/${kind}`, value }),
    questionnaire: (version: string) => `${base}/Questionnaire/intake|${version}`,
  };
}
type Vocabulary = ReturnType<typeof vocabulary>;

const text = (valueString: string): Answer => ({ valueString });
const date = (valueDate: string): Answer => ({ valueDate });
const flag = (valueBoolean: boolean): Answer => ({ valueBoolean });

/** A question with its answers; one without any is left out (nothing to say). */
function leaf(linkId: string, answers: Answer[], label?: string): QuestionnaireResponseItem[] {
  return answers.length === 0 ? [] : [{ linkId, ...(label ? { text: label } : {}), answer: answers }];
}
/** A group of items, left out when empty. */
function group(linkId: string, item: QuestionnaireResponseItem[], label?: string): QuestionnaireResponseItem[] {
  return item.length === 0 ? [] : [{ linkId, ...(label ? { text: label } : {}), item }];
}

/**
 * The client as a FHIR Patient: id and identifier the client id, name and birth date as registered, e-mail and
 * phone unless they were erased (an erased client's record keeps identification only, ADR 0010).
 */
export function clientPatient(client: ClientIdentity, baseUrl = FHIR_BASE): Patient {
  const v = vocabulary(baseUrl.replace(/\/$/, ''));
  const erased = client.contactErasedAt !== null;
  const telecom = erased ? [] : [...(client.phone ? [{ system: 'phone' as const, value: client.phone }] : []), ...(client.email ? [{ system: 'email' as const, value: client.email }] : [])];
  return {
    resourceType: 'Patient',
    id: client.clientId,
    identifier: [v.identifier('client', client.clientId)],
    name: [{ use: 'official', family: client.familyName, given: [client.givenName] }],
    ...(telecom.length > 0 ? { telecom } : {}),
    birthDate: client.dateOfBirth,
  };
}

/** The form's own wording of the question at `field`, when the form asks it. */
const asks = (formVersion: string, field: string): string | undefined => findIntakeForm(formVersion)?.questions.find((q) => q.field === field)?.asks;

/** Form v2's answers as items whose linkIds are the form's fields; answers a v1 migration only guessed (`unanswered`) are left out. */
function v2Items(a: HealthAnswers, form: string, v: Vocabulary): QuestionnaireResponseItem[] {
  const unanswered = new Set(a.unanswered ?? []);
  const known = <T>(path: string, answers: T[]): T[] => (unanswered.has(path) ? [] : answers);
  const regions = (path: string, list: readonly string[]) => known(path, list.map((r) => v.coding('body-region', r)));
  const q = (field: string) => asks(form, field);
  return [
    ...group(
      'answers.conditions',
      a.conditions.flatMap((c, i) =>
        group('answers.conditions.condition', [
          ...leaf('answers.conditions.code', [v.coding('health-condition', c.code)]),
          ...leaf('answers.conditions.regions', regions(`conditions.${i}.regions`, c.regions)),
          ...leaf('answers.conditions.qualifiers', c.qualifiers.map((x) => v.coding('condition-qualifier', x))),
          ...(['diagnosedOn', 'onsetOn', 'treatmentStartedOn', 'treatmentEndedOn'] as const).flatMap((d) => leaf(`answers.conditions.${d}`, c[d] ? [date(c[d])] : [])),
          ...leaf('answers.conditions.note', c.note ? [text(c.note)] : []),
        ]),
      ),
      q('answers.conditions'),
    ),
    ...group(
      'answers.medications',
      a.medications.flatMap((m) => group('answers.medications.medication', [...leaf('answers.medications.class', [v.coding('medication-class', m.class)]), ...leaf('answers.medications.name', m.name ? [text(m.name)] : [])])),
      q('answers.medications'),
    ),
    ...group(
      'answers.surgeries',
      a.surgeries.flatMap((s, i) =>
        group('answers.surgeries.surgery', [...leaf('answers.surgeries.on', known(`surgeries.${i}.on`, [date(s.on)])), ...leaf('answers.surgeries.sites', regions(`surgeries.${i}.sites`, s.sites)), ...leaf('answers.surgeries.note', s.note ? [text(s.note)] : [])]),
      ),
      q('answers.surgeries'),
    ),
    ...group(
      'answers.fractures',
      a.fractures.flatMap((f, i) =>
        group('answers.fractures.fracture', [...leaf('answers.fractures.on', known(`fractures.${i}.on`, [date(f.on)])), ...leaf('answers.fractures.sites', regions(`fractures.${i}.sites`, f.sites)), ...leaf('answers.fractures.healed', known(`fractures.${i}.healed`, [flag(f.healed)]))]),
      ),
      q('answers.fractures'),
    ),
    ...group(
      'answers.devices',
      a.devices.flatMap((d, i) =>
        group('answers.devices.device', [
          ...leaf('answers.devices.kind', [v.coding('device-kind', d.kind)]),
          ...leaf('answers.devices.sites', regions(`devices.${i}.sites`, d.sites)),
          ...leaf('answers.devices.placedOn', d.placedOn ? [date(d.placedOn)] : []),
          ...leaf('answers.devices.removedOn', d.removedOn ? [date(d.removedOn)] : []),
        ]),
      ),
      q('answers.devices'),
    ),
    ...(a.pregnancy
      ? group(
          'answers.pregnancy',
          [...leaf('answers.pregnancy.weeks', known('pregnancy.weeks', [{ valueInteger: a.pregnancy.weeks }])), ...leaf('answers.pregnancy.riskFactors', a.pregnancy.riskFactors.map((r) => v.coding('pregnancy-risk-factor', r)))],
          q('answers.pregnancy'),
        )
      : []),
    ...leaf('answers.symptomsToday', a.symptomsToday.map((s) => v.coding('symptom-today', s)), q('answers.symptomsToday')),
    ...painItems('answers.painAreas', a.painAreas, q('answers.painAreas'), v),
    ...leaf('answers.pressurePreference', [pressure(a.pressurePreference, v)], q('answers.pressurePreference')),
  ];
}

const pressure = (p: PressureLevel, v: Vocabulary): Answer => v.coding('pressure-level', p);

function painItems(linkId: string, pain: readonly { region: string; rating: number }[], label: string | undefined, v: Vocabulary): QuestionnaireResponseItem[] {
  return group(
    linkId,
    pain.flatMap((p) => group(`${linkId}.area`, [...leaf(`${linkId}.region`, [v.coding('body-region', p.region)]), ...leaf(`${linkId}.rating`, [{ valueInteger: p.rating }])])),
    label,
  );
}

/** Form v1's answers as the client gave them (codes without region or date, one free-text injury or surgery). */
function v1Items(h: HealthHistoryV1, pressureWord: PressurePreference | null, form: string, v: Vocabulary): QuestionnaireResponseItem[] {
  const q = (field: string) => asks(form, field);
  const injury = h.recentInjuryOrSurgery;
  return [
    ...group('conditions', h.conditions.flatMap((c) => group('conditions.condition', [...leaf('conditions.code', [v.coding('condition-v1', c.code)]), ...leaf('conditions.note', c.note ? [text(c.note)] : [])])), q('conditions')),
    ...group('medications', h.medications.flatMap((m) => group('medications.medication', [...leaf('medications.code', [v.coding('medication-v1', m.code)]), ...leaf('medications.name', m.name ? [text(m.name)] : [])])), q('medications')),
    ...group(
      'recentInjuryOrSurgery',
      [...leaf('recentInjuryOrSurgery.present', [flag(injury.present)]), ...leaf('recentInjuryOrSurgery.description', injury.description ? [text(injury.description)] : []), ...leaf('recentInjuryOrSurgery.date', injury.date ? [date(injury.date)] : [])],
      q('recentInjuryOrSurgery'),
    ),
    ...painItems('painAreas', h.painAreas, q('painAreas'), v),
    ...leaf('pressurePreference', pressureWord ? [v.coding('pressure-preference-v1', pressureWord)] : [], q('pressurePreference')),
  ];
}

/**
 * A completed intake as a QuestionnaireResponse pinned to its form (`<base>/Questionnaire/intake|<version>`), linkIds
 * the form's fields: the health answers (free-text notes and medication names included: this is the clinical
 * record, read under `clinical-note:read`), the goals, the consent (text version and time; the signed name is the
 * Patient's) and, as a group the client did not answer, the codes of the screening those answers produced.
 */
export function intakeQuestionnaireResponse(clientId: string, intake: StoredIntake, baseUrl = FHIR_BASE): QuestionnaireResponse {
  const v = vocabulary(baseUrl.replace(/\/$/, ''));
  const form = intake.formVersion;
  const health = intake.healthHistoryV1 ? v1Items(intake.healthHistoryV1, intake.pressurePreferenceV1, form, v) : v2Items(intake.answers, form, v);
  const s = intake.screening;
  return {
    resourceType: 'QuestionnaireResponse',
    id: intake.intakeId,
    identifier: v.identifier('intake', intake.intakeId),
    questionnaire: v.questionnaire(form),
    status: 'completed',
    subject: ref<Patient>('Patient', clientId),
    authored: intake.submittedAt.toISOString(),
    source: ref<Patient>('Patient', clientId),
    item: [
      ...leaf('kind', [v.coding('intake-kind', intake.kind)], 'Full intake or visit update'),
      ...leaf('previousIntake', intake.previousIntakeId ? [{ valueReference: ref<QuestionnaireResponse>('QuestionnaireResponse', intake.previousIntakeId) }] : [], 'The intake this one follows'),
      ...health,
      ...leaf('goals', intake.goals.map(text), asks(form, 'goals')),
      ...group('consent', [...leaf('consent.textVersion', [text(intake.consent.textVersion)]), ...leaf('consent.signedAt', [{ valueDateTime: intake.consent.signedAt.toISOString() }])], asks(form, 'consent')),
      ...(s
        ? group(
            'screening',
            [
              ...leaf('screening.outcome', [v.coding('screening-outcome', s.outcome)], 'Outcome'),
              ...leaf('screening.tableVersion', [text(s.tableVersion)], 'Rule-table version'),
              ...leaf('screening.rules', s.rules.map((r) => v.coding('screening-rule', r)), 'Rules that fired'),
            ],
            'Contraindication screening of these answers (by intake, not asked)',
          )
        : []),
    ],
  };
}

/**
 * Intake's part of the record as a FHIR R4 `collection` Bundle: the Patient first, then a QuestionnaireResponse per
 * completed intake, oldest first. The gateway merges it with treatment's (ADR 0023).
 */
export function clientRecordFhirBundle(client: ClientIdentity, intakes: readonly StoredIntake[], options: ClientRecordFhirOptions): Bundle {
  const base = (options.baseUrl ?? FHIR_BASE).replace(/\/$/, '');
  const ordered = [...intakes].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.intakeId.localeCompare(b.intakeId));
  const resources: Resource[] = [clientPatient(client, base), ...ordered.map((i) => intakeQuestionnaireResponse(client.clientId, i, base))];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: options.exportedAt.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id as string}`, resource })),
  };
}
