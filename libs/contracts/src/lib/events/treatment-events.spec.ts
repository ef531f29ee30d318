import { EVENT_CATALOGUE } from '../catalogue';
import { TREATMENT_CONSUMER_GROUP } from '../consumer-groups';
import { kafkaAclRules } from '../kafka-access';
import { checkPayload } from '../payload-validator';
import { TREATMENT_EVENTS_TOPIC } from '../topics';
import { PlanReviewNeeded } from './plan-review-needed.event';
import { SessionLogged, type SessionLoggedV1 } from './session-logged.event';
import { SessionNoteAmended } from './session-note-amended.event';
import { TreatmentPlanCompleted } from './treatment-plan-completed.event';
import { TreatmentPlanCreated, type TreatmentPlanCreatedV1 } from './treatment-plan-created.event';
import { TreatmentPlanDiscontinued } from './treatment-plan-discontinued.event';
import { TreatmentPlanRevised } from './treatment-plan-revised.event';

const ids = {
  planId: '1b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  locationId: 'downtown',
};
const created: TreatmentPlanCreatedV1 = {
  ...ids,
  focusRegions: ['neck', 'upper-back'],
  techniques: ['myofascial-release', 'swedish'],
  maxPressure: 'P3',
  frequency: { sessions: 1, everyWeeks: 1 },
  plannedSessions: 6,
  reassessOn: '2026-04-15',
  goals: [{ goalId: '2c6f3c52-5d0c-4a43-9d59-0d1c1f1f6c02', baselineScore: 3, targetScore: 8, by: '2026-04-30' }],
  referral: { source: 'physiotherapist', reasonCode: 'M54.2' },
  screeningId: '3d6f3c52-5d0c-4a43-9d59-0d1c1f1f6c03',
  createdAt: '2026-03-01T10:00:00.000Z',
};
const logged: SessionLoggedV1 = {
  appointmentId: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  clientId: ids.clientId,
  therapistId: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01',
  locationId: ids.locationId,
  noteId: '4e6f3c52-5d0c-4a43-9d59-0d1c1f1f6c04',
  planId: ids.planId,
  startsAt: '2026-03-09T14:00:00.000Z',
  signedAt: '2026-03-09T15:05:00.000Z',
  work: [{ technique: 'myofascial-release', region: 'neck', pressure: 'P3', minutes: 20 }],
  pain: [{ region: 'neck', before: 6, after: 3 }],
  functionScores: [{ goalId: created.goals[0]?.goalId ?? '', score: 5 }],
};

const TREATMENT_EVENTS = [TreatmentPlanCreated, TreatmentPlanRevised, TreatmentPlanCompleted, TreatmentPlanDiscontinued, SessionLogged, SessionNoteAmended, PlanReviewNeeded];

/**
 * Every string a schema admits, with where it is: a string is free text unless an enum, a const, a pattern or a
 * format bounds it. Walks properties, items and anyOf.
 */
function freeTextFields(schema: unknown, path = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const found: string[] = [];
  if (s['type'] === 'string' && !('enum' in s) && !('const' in s) && !('pattern' in s) && !('format' in s)) found.push(path || '/');
  for (const [name, sub] of Object.entries((s['properties'] as Record<string, unknown> | undefined) ?? {})) found.push(...freeTextFields(sub, `${path}/${name}`));
  if (s['items']) found.push(...freeTextFields(s['items'], `${path}/*`));
  for (const sub of (s['anyOf'] as unknown[] | undefined) ?? []) found.push(...freeTextFields(sub, path));
  return found;
}

describe('treatment events', () => {
  it('accept well-formed payloads of every treatment event', () => {
    const { createdAt, ...terms } = created;
    expect(checkPayload(TreatmentPlanCreated, created)).toEqual([]);
    expect(checkPayload(TreatmentPlanRevised, { ...terms, revision: 2, revisedAt: createdAt })).toEqual([]);
    expect(checkPayload(TreatmentPlanCompleted, { ...ids, sessionsLogged: 6, completedAt: createdAt })).toEqual([]);
    expect(checkPayload(TreatmentPlanDiscontinued, { ...ids, reason: 'client-request', sessionsLogged: 2, discontinuedAt: createdAt })).toEqual([]);
    expect(checkPayload(SessionLogged, logged)).toEqual([]);
    const { planId, startsAt, signedAt, functionScores, ...moment } = logged;
    expect(checkPayload(SessionNoteAmended, { ...moment, amendmentId: planId, kind: 'correction', sections: ['pain'], amendedAt: signedAt })).toEqual([]);
    expect(checkPayload(PlanReviewNeeded, { ...ids, screeningId: created.screeningId, rules: ['VARIC'], flaggedAt: createdAt })).toEqual([]);
    expect([startsAt, functionScores]).toBeDefined();
  });

  it.each([
    ['a note text in SessionLogged', SessionLogged, { ...logged, subjective: 'neck stiff since Monday' }, ''],
    ['a goal in words', TreatmentPlanCreated, { ...created, goals: [{ ...created.goals[0], activity: 'turn head to reverse the car' }] }, '/goals/0'],
    ['a pain rating above 10', SessionLogged, { ...logged, pain: [{ region: 'neck', before: 11 }] }, '/pain/0/before'],
    ['a pressure outside P1–P5', SessionLogged, { ...logged, work: [{ technique: 'swedish', region: 'neck', pressure: 'deep', minutes: 10 }] }, '/work/0/pressure'],
    ['a referrer by name', TreatmentPlanCreated, { ...created, referral: { source: 'physician', referrer: 'Dr Jones' } }, '/referral'],
    ['a referral reason in words', TreatmentPlanCreated, { ...created, referral: { source: 'physician', reasonCode: 'stiff neck' } }, '/referral/reasonCode'],
    ['a discontinuation reason in words', TreatmentPlanDiscontinued, { ...ids, reason: 'felt better', sessionsLogged: 1, discontinuedAt: created.createdAt }, '/reason'],
    ['a review without the rules', PlanReviewNeeded, { ...ids, screeningId: created.screeningId, rules: [], flaggedAt: created.createdAt }, '/rules'],
  ])('refuse %s', (_, def, payload, path) => {
    expect(checkPayload(def as typeof SessionLogged, payload).map((v) => v.path)).toContain(path);
  });

  it('admit no free text: every string field of every treatment schema is an enum, a pattern or a format', () => {
    for (const def of TREATMENT_EVENTS) expect({ event: def.name, free: freeTextFields(def.schema) }).toEqual({ event: def.name, free: [] });
    // The walk finds free text where there is some.
    expect(freeTextFields({ type: 'object', properties: { note: { type: 'string' }, lines: { type: 'array', items: { type: 'string', maxLength: 9 } } } })).toEqual(['/note', '/lines/*']);
  });

  it("key every treatment event by the client, on the treatment topic, so a client's record stays in order", () => {
    const onTopic = EVENT_CATALOGUE.filter((d) => d.topic === TREATMENT_EVENTS_TOPIC.name).map((d) => d.name);
    expect(onTopic.sort()).toEqual(TREATMENT_EVENTS.map((d) => d.name).sort());
    for (const def of TREATMENT_EVENTS) expect(def.key({ ...created, ...logged } as never)).toBe(ids.clientId);
    expect(TREATMENT_EVENTS_TOPIC).toMatchObject({ visibility: 'public', cleanupPolicy: 'delete' });
  });

  it('let treatment write its topic and the audit topic, read appointments, therapists, locations and intake events in its own group', () => {
    const rules = kafkaAclRules();
    const ops = (topic: string) => rules.filter((r) => r.principal === 'treatment' && r.resourceType === 'topic' && r.resourceName === topic).map((r) => r.operation);
    expect(ops(TREATMENT_EVENTS_TOPIC.name)).toEqual(['write']);
    expect(ops('audit.v1')).toEqual(['write']);
    for (const topic of ['scheduling.appointments.v1', 'scheduling.therapists.v1', 'scheduling.locations.v1', 'intake.events.v1']) expect(ops(topic)).toEqual(['read']);
    expect(ops(TREATMENT_CONSUMER_GROUP.deadLetterTopic.name)).toEqual(['write']);
    expect(rules).toContainEqual({ principal: 'treatment', resourceType: 'group', patternType: 'literal', resourceName: 'treatment', operation: 'read' });
  });
});
