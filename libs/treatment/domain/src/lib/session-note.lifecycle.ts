import type { NoteAmendmentKind } from '@massage/contracts';
import type { NoteActor, NoteContent, NoteVersion, SessionNote } from './session-note.types';
import type { Outcome, RuleViolation } from './treatment-refusal';
import type { ScreeningContext } from './work-safety';

export interface OpenNote {
  noteId: string;
  appointmentId: string;
  clientId: string;
  therapistId: string;
  locationId: string;
  planId?: string;
  startsAt: Date;
  endsAt?: Date;
}
export interface AmendmentRequest {
  amendmentId: string;
  kind: NoteAmendmentKind;
  reason: string;
  content: NoteContent;
}

export const EMPTY_NOTE_CONTENT: NoteContent = { rangeOfMotion: [], work: [], pain: [], functionScores: [] };

export function openNote(_appointment: OpenNote, _now: Date): SessionNote {
  throw new Error('not implemented');
}
export function validateNoteContent(_content: NoteContent): RuleViolation[] {
  throw new Error('not implemented');
}
export function saveNote(_note: SessionNote, _content: NoteContent, _actor: NoteActor, _context: ScreeningContext): Outcome<SessionNote> {
  throw new Error('not implemented');
}
export function signNote(_note: SessionNote, _actor: NoteActor, _context: ScreeningContext, _now: Date): Outcome<SessionNote> {
  throw new Error('not implemented');
}
export function amendNote(_note: SessionNote, _request: AmendmentRequest, _actor: NoteActor, _context: ScreeningContext, _now: Date): Outcome<SessionNote> {
  throw new Error('not implemented');
}
export function noteVersion(_note: SessionNote, _version: number): NoteVersion | undefined {
  throw new Error('not implemented');
}
export function sessionEnd(_note: Pick<SessionNote, 'startsAt' | 'endsAt' | 'content'>): Date {
  throw new Error('not implemented');
}
