import { BODY_REGIONS, PRESSURE_LEVELS, TECHNIQUES, NOTE_AMENDMENT_KINDS, type NoteAmendmentKind, type NoteSection } from '@massage/contracts';
import type { ScreeningRefusal } from '@massage/clinical-restrictions';
import { TREATMENT_LIMITS as L, eachOf, isIntegerIn, isScore, isText, oneOf } from './field-rules';
import { ROM_JOINTS, ROM_MOVEMENTS, type NoteActor, type NoteContent, type NoteVersion, type SessionNote, type SessionWork } from './session-note.types';
import type { Outcome, RuleViolation, TreatmentRefusal } from './treatment-refusal';
import { workRefusals, type ScreeningContext } from './work-safety';

const MINUTE_MS = 60_000;

/** The appointment a note is opened for (from `ClientCheckedIn`): ids, the plan it counts towards, its start (and end when known). */
export type OpenNote = Pick<SessionNote, 'noteId' | 'appointmentId' | 'clientId' | 'therapistId' | 'locationId' | 'planId' | 'startsAt' | 'endsAt'>;

/** A correction, addendum or late entry to a signed note: the whole content as it should now read, and why. */
export interface AmendmentRequest {
  amendmentId: string;
  kind: NoteAmendmentKind;
  reason: string;
  content: NoteContent;
}

/** What saving, signing or amending reads besides the note: the screening, and the plan's goal ids (PSFS scores must name one). */
export interface NoteContext extends ScreeningContext {
  goalIds?: readonly string[];
}

/** A note with nothing written yet. */
export const emptyNoteContent = (): NoteContent => ({ rangeOfMotion: [], work: [], pain: [], functionScores: [] });

/** A draft note for an appointment whose client checked in: empty, owned by the appointment's therapist. */
export function openNote(appointment: OpenNote, now: Date): SessionNote {
  return {
    ...appointment,
    openedAt: now,
    status: 'draft',
    content: emptyNoteContent(),
    versions: [],
    amendments: [],
  };
}

/** The session's end: the appointment's end when known, else its start plus the minutes of work recorded. */
export function sessionEnd(note: Pick<SessionNote, 'startsAt' | 'endsAt' | 'content'>): Date {
  if (note.endsAt) return note.endsAt;
  const minutes = note.content.work.reduce((sum, w) => sum + w.minutes, 0);
  return new Date(note.startsAt.getTime() + minutes * MINUTE_MS);
}

const LIMB_JOINTS: readonly string[] = ['shoulder', 'elbow', 'wrist', 'hip', 'knee', 'ankle'];

/**
 * Field rules of a note's content (a draft may be incomplete; see `missingForSigning`): work lines with known
 * codes and 1–240 minutes, no line twice; pain per region once, 0–10 before and after; ROM with a side for a
 * limb joint (none for the spine), 0–360°, each measurement once; PSFS scores 0–10 once per goal, for a goal of
 * the plan when `goalIds` is given; free text within 10,000 characters.
 */
export function validateNoteContent(content: NoteContent, goalIds?: readonly string[]): RuleViolation[] {
  const v: RuleViolation[] = [];
  for (const field of ['subjective', 'objective', 'assessment', 'plan'] as const) {
    const text = content[field];
    if (text !== undefined && (typeof text !== 'string' || text.length > L.textLength)) v.push({ field, reason: `text of at most ${L.textLength} characters` });
  }
  if (content.work.length > L.workLines) v.push({ field: 'work', reason: `at most ${L.workLines} lines` });
  v.push(
    ...eachOf('work', content.work, (w) => `${w.technique}|${w.region}|${w.pressure}`, (w, at) => {
      const own: RuleViolation[] = [];
      if (!oneOf(TECHNIQUES, w.technique)) own.push({ field: `${at}.technique`, reason: 'unknown technique' });
      if (!oneOf(BODY_REGIONS, w.region)) own.push({ field: `${at}.region`, reason: 'unknown body region' });
      if (!oneOf(PRESSURE_LEVELS, w.pressure)) own.push({ field: `${at}.pressure`, reason: 'one of P1–P5' });
      if (!isIntegerIn(w.minutes, L.minutes.min, L.minutes.max)) own.push({ field: `${at}.minutes`, reason: `a whole number ${L.minutes.min}–${L.minutes.max}` });
      return own;
    }),
  );
  v.push(
    ...eachOf('pain', content.pain, (p) => p.region, (p, at) => {
      const own: RuleViolation[] = [];
      if (!oneOf(BODY_REGIONS, p.region)) own.push({ field: `${at}.region`, reason: 'unknown body region' });
      if (!isScore(p.before)) own.push({ field: `${at}.before`, reason: 'a whole number 0–10' });
      if (p.after !== undefined && !isScore(p.after)) own.push({ field: `${at}.after`, reason: 'a whole number 0–10' });
      return own;
    }),
  );
  v.push(
    ...eachOf('rangeOfMotion', content.rangeOfMotion, (m) => `${m.joint}|${m.side ?? ''}|${m.movement}|${m.mode}`, (m, at) => {
      const own: RuleViolation[] = [];
      if (!oneOf(ROM_JOINTS, m.joint)) own.push({ field: `${at}.joint`, reason: 'unknown joint' });
      else if (LIMB_JOINTS.includes(m.joint) !== (m.side !== undefined)) own.push({ field: `${at}.side`, reason: LIMB_JOINTS.includes(m.joint) ? 'left or right for a limb joint' : 'no side for the spine' });
      if (m.side !== undefined && m.side !== 'left' && m.side !== 'right') own.push({ field: `${at}.side`, reason: 'left or right' });
      if (!oneOf(ROM_MOVEMENTS, m.movement)) own.push({ field: `${at}.movement`, reason: 'unknown movement' });
      if (m.mode !== 'active' && m.mode !== 'passive') own.push({ field: `${at}.mode`, reason: 'active or passive' });
      if (typeof m.degrees !== 'number' || !Number.isFinite(m.degrees) || m.degrees < L.degrees.min || m.degrees > L.degrees.max)
        own.push({ field: `${at}.degrees`, reason: `degrees ${L.degrees.min}–${L.degrees.max}` });
      return own;
    }),
  );
  v.push(
    ...eachOf('functionScores', content.functionScores, (s) => s.goalId, (s, at) => {
      const own: RuleViolation[] = [];
      if (goalIds && !goalIds.includes(s.goalId)) own.push({ field: `${at}.goalId`, reason: "not a goal of the session's plan" });
      if (!isScore(s.score)) own.push({ field: `${at}.score`, reason: 'a whole number 0–10' });
      return own;
    }),
  );
  return v;
}

/**
 * What a note must have to be signed (clinical-records.md: SOAP; WAC 246-830-565's floor of date and duration,
 * techniques and body areas; DOMAIN.md: pain before and after): S (the client's words), at least one work line
 * (techniques, regions, minutes: the duration), pain before for at least one region and after for each region
 * rated, A and P. Objective findings and ROM are optional: the work lines are the O the floor asks for.
 */
export function missingForSigning(content: NoteContent): string[] {
  const missing: string[] = [];
  const blank = (s: string | undefined) => s === undefined || s.trim().length === 0;
  if (blank(content.subjective)) missing.push('subjective');
  if (content.work.length === 0) missing.push('work');
  if (content.pain.length === 0) missing.push('pain');
  content.pain.forEach((p, i) => {
    if (p.after === undefined) missing.push(`pain.${i}.after`);
  });
  if (blank(content.assessment)) missing.push('assessment');
  if (blank(content.plan)) missing.push('plan');
  return missing;
}

/** Only the appointment's therapist writes its note; a supervisor may append to a signed one (clinical-records.md, "Signing"). */
function notYours(note: SessionNote, actor: NoteActor, appending: boolean): TreatmentRefusal[] {
  if (actor.userId === note.therapistId || (appending && actor.supervisor === true)) return [];
  return [{ rule: 'not-your-session', therapistId: note.therapistId }];
}

const fail = (refusals: TreatmentRefusal[]): Outcome<SessionNote> => ({ ok: false, refusals });

/** The screening's refusals of work lines, with positions as `work.N` would name them (`items`). */
function screenedWork(work: readonly SessionWork[], from: Date, until: Date, context: ScreeningContext): ScreeningRefusal[] {
  return work.length === 0 ? [] : workRefusals(work, context, from, until);
}

/**
 * Saves a draft's content. Refused, with nothing saved: by anyone but the appointment's therapist
 * (`not-your-session`, and nothing else is said); on a signed note (`note-signed`); on bad fields (`invalid`);
 * for work the client's latest screening restricts (`contraindicated`, … naming the rule and the lines),
 * judged until the session's end.
 */
export function saveNote(note: SessionNote, content: NoteContent, actor: NoteActor, context: NoteContext): Outcome<SessionNote> {
  const stranger = notYours(note, actor, false);
  if (stranger.length > 0) return fail(stranger);
  if (note.status === 'signed') return fail([{ rule: 'note-signed', signedAt: note.signedAt ?? note.openedAt }]);
  const violations = validateNoteContent(content, context.goalIds);
  if (violations.length > 0) return fail([{ rule: 'invalid', violations }]);
  const refusals = screenedWork(content.work, note.startsAt, sessionEnd({ ...note, content }), context);
  if (refusals.length > 0) return fail(refusals);
  return { ok: true, value: { ...note, content } };
}

/**
 * Signs a draft: the same checks as saving (the screening may have changed since), then the fields a signed
 * note must have (`note-incomplete`). The signed content becomes version 1, time-stamped and locked.
 */
export function signNote(note: SessionNote, actor: NoteActor, context: NoteContext, now: Date): Outcome<SessionNote> {
  const saved = saveNote(note, note.content, actor, context);
  if (!saved.ok) return saved;
  const missing = missingForSigning(note.content);
  if (missing.length > 0) return fail([{ rule: 'note-incomplete', missing }]);
  const original: NoteVersion = { version: 1, content: note.content, at: now, author: actor.userId };
  return { ok: true, value: { ...note, status: 'signed', signedAt: now, versions: [original] } };
}

const SECTION_FIELDS: readonly [NoteSection, keyof NoteContent][] = [
  ['subjective', 'subjective'],
  ['objective', 'objective'],
  ['work', 'work'],
  ['pain', 'pain'],
  ['range-of-motion', 'rangeOfMotion'],
  ['function', 'functionScores'],
  ['assessment', 'assessment'],
  ['plan', 'plan'],
];

/** The sections whose content differs between two versions (order-sensitive: a list reordered is a change). */
export function changedSections(before: NoteContent, after: NoteContent): NoteSection[] {
  return SECTION_FIELDS.filter(([, field]) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null)).map(([section]) => section);
}

/**
 * Appends an amendment to a signed note: the author (or a supervisor), a reason, a kind, the content as it
 * should now read. The note's earlier versions stay readable (`noteVersion`); the new one must still be a
 * complete note, and work lines it adds or changes are judged against the client's latest screening (lines
 * already signed are a record of what was done, not a new plan). Refused on a draft (`note-not-signed`),
 * without a reason or a change (`invalid`).
 */
export function amendNote(note: SessionNote, request: AmendmentRequest, actor: NoteActor, context: NoteContext, now: Date): Outcome<SessionNote> {
  const stranger = notYours(note, actor, true);
  if (stranger.length > 0) return fail(stranger);
  if (note.status !== 'signed') return fail([{ rule: 'note-not-signed' }]);
  const sections = changedSections(note.content, request.content);
  const violations = validateNoteContent(request.content, context.goalIds);
  if (!isText(request.reason, L.amendmentReasonLength)) violations.push({ field: 'reason', reason: `why, at most ${L.amendmentReasonLength} characters` });
  if (!oneOf(NOTE_AMENDMENT_KINDS, request.kind)) violations.push({ field: 'kind', reason: `one of ${NOTE_AMENDMENT_KINDS.join(', ')}` });
  if (sections.length === 0) violations.push({ field: 'content', reason: 'changes nothing' });
  if (violations.length > 0) return fail([{ rule: 'invalid', violations }]);
  const signedLines = new Set(note.content.work.map((w) => JSON.stringify(w)));
  const newLines = request.content.work.map((w, i) => ({ w, i })).filter(({ w }) => !signedLines.has(JSON.stringify(w)));
  const until = sessionEnd({ ...note, content: request.content });
  const refusals = screenedWork(
    newLines.map(({ w }) => w),
    note.startsAt,
    until,
    context,
  ).map((r) => ('items' in r ? { ...r, items: r.items.map((k) => newLines[k].i) } : r));
  if (refusals.length > 0) return fail(refusals);
  const missing = missingForSigning(request.content);
  if (missing.length > 0) return fail([{ rule: 'note-incomplete', missing }]);
  const version = note.versions.length + 1;
  return {
    ok: true,
    value: {
      ...note,
      content: request.content,
      versions: [...note.versions, { version, content: request.content, at: now, author: actor.userId }],
      amendments: [...note.amendments, { amendmentId: request.amendmentId, kind: request.kind, author: actor.userId, reason: request.reason, at: now, sections, version }],
    },
  };
}

/** A signed version of a note (1 = the original as signed), or undefined. */
export function noteVersion(note: SessionNote, version: number): NoteVersion | undefined {
  return note.versions.find((v) => v.version === version);
}
