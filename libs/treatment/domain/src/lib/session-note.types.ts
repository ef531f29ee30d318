import type { BodyRegion, NoteAmendmentKind, NoteSection, PressureLevel, Technique } from '@massage/contracts';

/** One line of work done: technique × region × pressure (Walton's P1–P5) × minutes (clinical-records.md, O). */
export interface SessionWork {
  technique: Technique;
  region: BodyRegion;
  pressure: PressureLevel;
  minutes: number;
}

/** Numeric pain rating (NPRS, 0–10) of one region, before the session and after it (asked at the end). */
export interface PainRating {
  region: BodyRegion;
  before: number;
  after?: number;
}

export const ROM_JOINTS = ['cervical-spine', 'thoracic-spine', 'lumbar-spine', 'shoulder', 'elbow', 'wrist', 'hip', 'knee', 'ankle'] as const;
export type RomJoint = (typeof ROM_JOINTS)[number];
export const ROM_MOVEMENTS = [
  'flexion',
  'extension',
  'abduction',
  'adduction',
  'internal-rotation',
  'external-rotation',
  'rotation-left',
  'rotation-right',
  'lateral-flexion-left',
  'lateral-flexion-right',
  'dorsiflexion',
  'plantarflexion',
] as const;
export type RomMovement = (typeof ROM_MOVEMENTS)[number];

/** Range of motion by goniometer: joint, side (limbs), movement, active or passive, degrees (clinical-records.md). */
export interface RomMeasurement {
  joint: RomJoint;
  side?: 'left' | 'right';
  movement: RomMovement;
  mode: 'active' | 'passive';
  degrees: number;
}

/** A PSFS item scored this session (0–10), by the plan's goal. */
export interface FunctionScore {
  goalId: string;
  score: number;
}

/**
 * What a SOAP note says (clinical-records.md): S the client's words and pain before; O findings, range of
 * motion and the work done; A response and progress; P next focus, home care, referrals; pain after.
 * The free-text parts stay in treatment's database.
 */
export interface NoteContent {
  /** S: the client's own words. */
  subjective?: string;
  /** O: posture, palpation (tone, temperature, tenderness, trigger points). */
  objective?: string;
  rangeOfMotion: RomMeasurement[];
  work: SessionWork[];
  pain: PainRating[];
  functionScores: FunctionScore[];
  /** A: response to treatment, progress towards the goals. */
  assessment?: string;
  /** P: next focus and frequency, home care, referrals. */
  plan?: string;
}

export const NOTE_STATUSES = ['draft', 'signed'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

/** One readable state of a signed note: version 1 is the original as signed; each amendment adds the next. */
export interface NoteVersion {
  version: number;
  content: NoteContent;
  at: Date;
  author: string;
}

/** A change appended to a signed note (never an edit of it): who, when, why, what kind, which sections, which version it made. */
export interface NoteAmendment {
  amendmentId: string;
  kind: NoteAmendmentKind;
  author: string;
  reason: string;
  at: Date;
  sections: NoteSection[];
  /** The version this amendment created (≥ 2); the version before it stays readable. */
  version: number;
}

/** The session note of one appointment, opened when the client checks in. */
export interface SessionNote {
  noteId: string;
  appointmentId: string;
  clientId: string;
  therapistId: string;
  locationId: string;
  planId?: string;
  /** The appointment's start; `endsAt` when known (else the end is the start plus the work's minutes). */
  startsAt: Date;
  endsAt?: Date;
  openedAt: Date;
  status: NoteStatus;
  /** The draft's content; once signed, the latest version's. */
  content: NoteContent;
  signedAt?: Date;
  /** Signed versions, oldest first: empty while a draft. */
  versions: NoteVersion[];
  amendments: NoteAmendment[];
}

/** Who acts on a note: the user's id (a therapist's id for a therapist) and whether they may amend others' notes. */
export interface NoteActor {
  userId: string;
  /** A supervisor with that permission may append to another's signed note (clinical-records.md, "Signing"), never write a draft. */
  supervisor?: boolean;
}
