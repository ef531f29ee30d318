import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AmendNoteRequestDto, NoteContentDto } from './note.request.dto';
import { OwnSessionsQueryDto } from './own-sessions.query.dto';
import { DiscontinuePlanRequestDto, PlanTermsRequestDto } from './plan.request.dto';
import { TREATMENT_ROUTES } from './treatment-http.constants';

/** The names of the invalid fields, as the strict validation pipe (libs/platform) reports them. */
function invalidFields<T extends object>(dto: ClassConstructor<T>, body: unknown): string[] {
  const errors = validateSync(plainToInstance(dto, body) as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const names = (es: ValidationError[], parent: string): string[] =>
    es.flatMap((e) => {
      const name = parent ? `${parent}.${e.property}` : e.property;
      return [...Object.keys(e.constraints ?? {}).map(() => name), ...names(e.children ?? [], name)];
    });
  return [...new Set(names(errors, ''))];
}

const plan = {
  goals: [{ activity: 'Turn my head to reverse the car', baselineScore: 3, targetScore: 8, by: '2026-04-30' }],
  focusRegions: ['neck', 'upper-back'],
  techniques: ['myofascial-release', 'swedish'],
  maxPressure: 'P3',
  frequency: { sessions: 1, everyWeeks: 1 },
  plannedSessions: 6,
  reassessOn: '2026-04-15',
  referral: { source: 'physiotherapist', referrer: 'Dr. A. Chen', reasonCode: 'M54.2' },
};

const note = {
  subjective: 'Stiff neck since Monday.',
  rangeOfMotion: [{ joint: 'cervical-spine', movement: 'rotation-left', mode: 'active', degrees: 55 }],
  work: [{ technique: 'myofascial-release', region: 'neck', pressure: 'P3', minutes: 20 }],
  pain: [{ region: 'neck', before: 6, after: 3 }],
  functionScores: [{ goalId: '2c6f3c52-5d0c-4a43-9d59-0d1c1f1f6c02', score: 5 }],
};

describe('treatment request DTOs', () => {
  it('accept complete bodies', () => {
    expect(invalidFields(PlanTermsRequestDto, plan)).toEqual([]);
    expect(invalidFields(NoteContentDto, note)).toEqual([]);
    expect(invalidFields(AmendNoteRequestDto, { kind: 'correction', reason: 'wrong region', content: note })).toEqual([]);
    expect(invalidFields(DiscontinuePlanRequestDto, { reason: 'client-request' })).toEqual([]);
  });

  it.each([
    ['a pain rating above 10', NoteContentDto, { ...note, pain: [{ region: 'neck', before: 11 }] }, 'pain.0.before'],
    ['pressure outside P1–P5', NoteContentDto, { ...note, work: [{ ...note.work[0], pressure: 'deep' }] }, 'work.0.pressure'],
    ['zero minutes of work', NoteContentDto, { ...note, work: [{ ...note.work[0], minutes: 0 }] }, 'work.0.minutes'],
    ['an unknown joint', NoteContentDto, { ...note, rangeOfMotion: [{ ...note.rangeOfMotion[0], joint: 'jaw' }] }, 'rangeOfMotion.0.joint'],
    ['an amendment without its kind', AmendNoteRequestDto, { reason: 'x', content: note }, 'kind'],
    ['a plan without focus regions', PlanTermsRequestDto, { ...plan, focusRegions: [] }, 'focusRegions'],
    ['fifteen sessions at a time', PlanTermsRequestDto, { ...plan, frequency: { sessions: 15, everyWeeks: 1 } }, 'frequency.sessions'],
    ['a referral reason in words', PlanTermsRequestDto, { ...plan, referral: { source: 'physician', reasonCode: 'stiff neck' } }, 'referral.reasonCode'],
    ['a re-assessment on 30 February', PlanTermsRequestDto, { ...plan, reassessOn: '2026-02-30' }, 'reassessOn'],
    ['an unknown discontinuation reason', DiscontinuePlanRequestDto, { reason: 'bored' }, 'reason'],
    ['a day that is not a date', OwnSessionsQueryDto, { date: 'today' }, 'date'],
    ['30 February as a day', OwnSessionsQueryDto, { date: '2026-02-30' }, 'date'],
  ])('refuse %s', (_, dto, body, field) => {
    expect(invalidFields(dto as ClassConstructor<object>, body)).toContain(field);
  });

  it("name the location and the client in every route but the therapist's own day, and the session in every note route", () => {
    const { ownSessions, ...clientRoutes } = TREATMENT_ROUTES;
    expect(ownSessions).toBe('/locations/:locationId/therapists/me/sessions');
    for (const route of Object.values(clientRoutes)) expect(route).toMatch(/^\/locations\/:locationId\/clients\/:clientId\//);
    for (const route of [TREATMENT_ROUTES.note, TREATMENT_ROUTES.signNote, TREATMENT_ROUTES.amendments]) expect(route).toContain('/sessions/:appointmentId/note');
  });
});
