import { amendNote, noteVersion, openNote, saveNote, sessionEnd, signNote, validateNoteContent } from './session-note.lifecycle';
import type { SessionNote } from './session-note.types';
import { CLIENT, GOALS, LOCATION, OTHER_THERAPIST, PLAN, THERAPIST, content, restriction, screened } from '../test/fixtures';

const START = new Date('2026-03-10T14:00:00Z');
const therapist = { userId: THERAPIST };
const draft = (): SessionNote =>
  openNote({ noteId: 'note-1', appointmentId: 'appt-1', clientId: CLIENT, therapistId: THERAPIST, locationId: LOCATION, planId: PLAN, startsAt: START }, new Date('2026-03-10T13:58:00Z'));
const signed = (): SessionNote => {
  const saved = saveNote(draft(), content(), therapist, screened());
  if (!saved.ok) throw new Error('fixture');
  const s = signNote(saved.value, therapist, screened(), new Date('2026-03-10T15:10:00Z'));
  if (!s.ok) throw new Error('fixture');
  return s.value;
};

describe('a session note: open, save, sign', () => {
  it('opens as an empty draft owned by the appointment therapist', () => {
    expect(draft()).toMatchObject({ status: 'draft', therapistId: THERAPIST, content: { work: [], pain: [] }, versions: [], amendments: [] });
  });

  it("refuses another therapist's writes with not-your-session, and says nothing else", () => {
    const res = saveNote(draft(), content({ work: [{ technique: 'swedish', region: 'neck', pressure: 'P9' as never, minutes: 0 }] }), { userId: OTHER_THERAPIST }, screened());
    expect(res).toEqual({ ok: false, refusals: [{ rule: 'not-your-session', therapistId: THERAPIST }] });
    expect(signNote(draft(), { userId: OTHER_THERAPIST, supervisor: true }, screened(), START)).toMatchObject({ ok: false, refusals: [{ rule: 'not-your-session' }] });
  });

  it('refuses restricted work at save, naming the screening rule and the lines', () => {
    // VARIC (LOCAL) forbids deep work on the calf; ANTICOAG (MODIFY) caps pressure at P2 everywhere.
    const context = screened([
      restriction({ rule: 'VARIC', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'] }),
      restriction({ rule: 'ANTICOAG', kind: 'MODIFY', maxPressure: 'P2' }),
    ]);
    const work = [
      { technique: 'swedish' as const, region: 'upper-back' as const, pressure: 'P2' as const, minutes: 20 },
      { technique: 'deep-tissue' as const, region: 'left-calf' as const, pressure: 'P2' as const, minutes: 10 },
      { technique: 'trigger-point' as const, region: 'neck' as const, pressure: 'P4' as const, minutes: 10 },
    ];
    const res = saveNote(draft(), content({ work }), therapist, context);
    expect(res).toEqual({
      ok: false,
      refusals: [
        { rule: 'contraindicated', screeningRule: 'VARIC', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'], items: [1] },
        { rule: 'contraindicated', screeningRule: 'ANTICOAG', kind: 'MODIFY', techniques: ['trigger-point'], regions: ['neck'], pressure: { planned: 'P4', max: 'P2' }, items: [2] },
      ],
    });
    // Without the offending lines it saves.
    expect(saveNote(draft(), content({ work: [work[0]] }), therapist, context).ok).toBe(true);
  });

  it('refuses any work without a screening, and all work on a deferred client naming the ABSOLUTE rule', () => {
    expect(saveNote(draft(), content(), therapist, { screening: undefined, clearances: [] })).toMatchObject({ ok: false, refusals: [{ rule: 'screening-pending' }] });
    expect(saveNote(draft(), content(), therapist, screened([restriction({ rule: 'DVT_ACT', kind: 'ABSOLUTE' })], 'deferred'))).toMatchObject({
      ok: false,
      refusals: [{ rule: 'deferred', screeningRules: ['DVT_ACT'] }],
    });
    // A draft with no work yet can be saved before screening.
    expect(saveNote(draft(), content({ work: [] }), therapist, { screening: undefined, clearances: [] }).ok).toBe(true);
  });

  it('judges a clearance until the session ends (start + minutes of work when the end is unknown)', () => {
    const surg = restriction({ rule: 'SURG', kind: 'CLEARANCE', techniques: ['trigger-point'], regions: ['neck'], satisfiedBy: 'clr-1' });
    // Work 20 + 15 = 35 min from 14:00 → ends 14:35.
    expect(sessionEnd({ startsAt: START, content: content() })).toEqual(new Date('2026-03-10T14:35:00Z'));
    const clearance = (expiresAt: string) => ({ ...screened([surg]), clearances: [{ id: 'clr-1', rules: ['SURG'], status: 'recorded' as const, expiresAt: new Date(expiresAt) }] });
    expect(saveNote(draft(), content(), therapist, clearance('2026-03-10T14:35:00Z')).ok).toBe(true);
    expect(saveNote(draft(), content(), therapist, clearance('2026-03-10T14:34:00Z'))).toMatchObject({
      ok: false,
      refusals: [{ rule: 'clearance-required', screeningRule: 'SURG', clearance: 'expired', clearanceId: 'clr-1', items: [1] }],
    });
  });

  it('refuses bad fields naming them', () => {
    const bad = content({
      work: [
        { technique: 'swedish', region: 'neck', pressure: 'P3', minutes: 0 },
        { technique: 'swedish', region: 'neck', pressure: 'P3', minutes: 10 },
      ],
      pain: [{ region: 'neck', before: 11 }],
      rangeOfMotion: [{ joint: 'shoulder', movement: 'flexion', mode: 'active', degrees: 170 }],
      functionScores: [{ goalId: 'not-a-goal', score: 5 }],
    });
    expect(validateNoteContent(bad, GOALS)).toEqual([
      { field: 'work.0.minutes', reason: 'a whole number 1–240' },
      { field: 'work.1', reason: 'duplicate' },
      { field: 'pain.0.before', reason: 'a whole number 0–10' },
      { field: 'rangeOfMotion.0.side', reason: 'left or right for a limb joint' },
      { field: 'functionScores.0.goalId', reason: "not a goal of the session's plan" },
    ]);
    expect(saveNote(draft(), bad, therapist, { ...screened(), goalIds: GOALS })).toMatchObject({ ok: false, refusals: [{ rule: 'invalid' }] });
  });

  it('signs only a complete note, naming what is missing', () => {
    const saved = saveNote(draft(), content({ assessment: ' ', pain: [{ region: 'neck', before: 6 }] }), therapist, screened());
    if (!saved.ok) throw new Error('save');
    expect(signNote(saved.value, therapist, screened(), START)).toEqual({ ok: false, refusals: [{ rule: 'note-incomplete', missing: ['pain.0.after', 'assessment'] }] });
    expect(signNote(draft(), therapist, screened(), START)).toEqual({ ok: false, refusals: [{ rule: 'note-incomplete', missing: ['subjective', 'work', 'pain', 'assessment', 'plan'] }] });
  });

  it('signing locks the note: version 1 is the signed content; a later save is refused', () => {
    const note = signed();
    expect(note).toMatchObject({ status: 'signed', signedAt: new Date('2026-03-10T15:10:00Z'), versions: [{ version: 1, author: THERAPIST, content: content() }] });
    expect(saveNote(note, content({ assessment: 'changed' }), therapist, screened())).toEqual({ ok: false, refusals: [{ rule: 'note-signed', signedAt: new Date('2026-03-10T15:10:00Z') }] });
    expect(signNote(note, therapist, screened(), START)).toMatchObject({ ok: false, refusals: [{ rule: 'note-signed' }] });
  });

  it('signing re-checks the work against the latest screening', () => {
    const saved = saveNote(draft(), content(), therapist, screened());
    if (!saved.ok) throw new Error('save');
    const now = screened([restriction({ rule: 'FEVER', kind: 'ABSOLUTE' })], 'deferred');
    expect(signNote(saved.value, therapist, now, START)).toMatchObject({ ok: false, refusals: [{ rule: 'deferred', screeningRules: ['FEVER'] }] });
  });
});

describe('amending a signed note', () => {
  const at = new Date('2026-03-11T09:00:00Z');
  const correction = (c = content({ assessment: 'Tolerated well; rotation 55° → 65°.' })) => ({ amendmentId: 'amd-1', kind: 'correction' as const, reason: 'ROM after treatment left out', content: c });

  it('appends a version with author, reason, time and sections; the original stays readable', () => {
    const note = signed();
    const res = amendNote(note, correction(), therapist, screened(), at);
    if (!res.ok) throw new Error(JSON.stringify(res.refusals));
    const amended = res.value;
    expect(amended.amendments).toEqual([{ amendmentId: 'amd-1', kind: 'correction', author: THERAPIST, reason: 'ROM after treatment left out', at, sections: ['assessment'], version: 2 }]);
    expect(amended.content.assessment).toBe('Tolerated well; rotation 55° → 65°.');
    expect(noteVersion(amended, 1)?.content).toEqual(content());
    expect(noteVersion(amended, 2)).toMatchObject({ version: 2, author: THERAPIST, at });
    expect(amended.signedAt).toEqual(note.signedAt);
    expect(note.versions).toHaveLength(1); // the input is not mutated
  });

  it('lets a supervisor append, never another therapist', () => {
    expect(amendNote(signed(), correction(), { userId: 'manager-1', supervisor: true }, screened(), at).ok).toBe(true);
    expect(amendNote(signed(), correction(), { userId: OTHER_THERAPIST }, screened(), at)).toEqual({ ok: false, refusals: [{ rule: 'not-your-session', therapistId: THERAPIST }] });
  });

  it('refuses a draft, an amendment without a reason or without a change, and an incomplete result', () => {
    expect(amendNote(draft(), correction(), therapist, screened(), at)).toEqual({ ok: false, refusals: [{ rule: 'note-not-signed' }] });
    expect(amendNote(signed(), { ...correction(content()), reason: '' }, therapist, screened(), at)).toEqual({
      ok: false,
      refusals: [
        {
          rule: 'invalid',
          violations: [
            { field: 'reason', reason: 'why, at most 1000 characters' },
            { field: 'content', reason: 'changes nothing' },
          ],
        },
      ],
    });
    expect(amendNote(signed(), correction(content({ plan: undefined })), therapist, screened(), at)).toEqual({ ok: false, refusals: [{ rule: 'note-incomplete', missing: ['plan'] }] });
  });

  it('judges only the work lines it adds or changes against the latest screening, naming their positions', () => {
    // Since signing, the client was screened with ANTICOAG (≤ P2). The signed P3/P4 lines are a record, not judged again;
    // a changed line (trigger point P4 → 20 min) and a new one are.
    const context = screened([restriction({ rule: 'ANTICOAG', kind: 'MODIFY', maxPressure: 'P2' })]);
    const keepLines = content({ assessment: 'Late entry: client reported dizziness after.' });
    expect(amendNote(signed(), { ...correction(keepLines), kind: 'late-entry' }, therapist, context, at).ok).toBe(true);
    const changed = content({
      work: [
        { technique: 'swedish', region: 'upper-back', pressure: 'P3', minutes: 20 },
        { technique: 'trigger-point', region: 'neck', pressure: 'P4', minutes: 20 },
        { technique: 'lymphatic-drainage', region: 'neck', pressure: 'P1', minutes: 5 },
      ],
    });
    expect(amendNote(signed(), correction(changed), therapist, context, at)).toEqual({
      ok: false,
      refusals: [{ rule: 'contraindicated', screeningRule: 'ANTICOAG', kind: 'MODIFY', techniques: ['trigger-point'], regions: ['neck'], pressure: { planned: 'P4', max: 'P2' }, items: [1] }],
    });
  });
});
