import type { BodyRegion, NoteAmendmentKind, NoteSection, PressureLevel, Technique } from '@massage/contracts';
import type { RomJoint, RomMovement } from '@massage/treatment-domain';

/** One line of work: technique × region × pressure (P1–P5) × minutes. */
export interface WorkLine {
  technique: Technique;
  region: BodyRegion;
  pressure: PressureLevel;
  minutes: number;
}

/** Pain 0–10 in one region before the session, and after it once asked. */
export interface PainLine {
  region: BodyRegion;
  before: number;
  after?: number;
}

/** Range of motion by goniometer, in degrees. */
export interface RangeOfMotionLine {
  joint: RomJoint;
  side?: 'left' | 'right';
  movement: RomMovement;
  mode: 'active' | 'passive';
  degrees: number;
}

/** A SOAP note's content (S, O with range of motion and the work, A, P; pain before/after; PSFS scores by goal). */
export interface NoteContentBody {
  subjective?: string;
  objective?: string;
  rangeOfMotion: RangeOfMotionLine[];
  work: WorkLine[];
  pain: PainLine[];
  functionScores: { goalId: string; score: number }[];
  assessment?: string;
  plan?: string;
}

/** Body of `PUT …/sessions/:appointmentId/note`: the draft's content in full (a signed note refuses it: amend). */
export type SaveNoteRequest = NoteContentBody;

/** Body of `POST …/note/amendments`: why, what kind, and the note's content in full as it is to read now. */
export interface AmendNoteRequest {
  kind: NoteAmendmentKind;
  reason: string;
  content: NoteContentBody;
}

export interface NoteVersionResponse {
  /** 1 is the note as signed; each amendment adds the next. */
  version: number;
  content: NoteContentBody;
  at: string;
  author: string;
}

export interface NoteAmendmentResponse {
  amendmentId: string;
  kind: NoteAmendmentKind;
  author: string;
  reason: string;
  at: string;
  sections: NoteSection[];
  version: number;
}

export interface NoteResponse {
  id: string;
  appointmentId: string;
  clientId: string;
  therapistId: string;
  locationId: string;
  planId: string | null;
  startsAt: string;
  endsAt: string | null;
  status: 'draft' | 'signed';
  openedAt: string;
  signedAt: string | null;
  /** The draft, or the latest signed version. */
  content: NoteContentBody;
  /** Every signed version, the original first: never altered. */
  versions: NoteVersionResponse[];
  amendments: NoteAmendmentResponse[];
}
