import type { NoteAmendment, NoteContent, NoteVersion, SessionNote } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';
import { noteContentFrom } from './note-content';

interface NoteRow {
  note_id: string;
  appointment_id: string;
  client_id: string;
  therapist_id: string;
  location_id: string;
  plan_id: string | null;
  starts_at: Date;
  ends_at: Date | null;
  opened_at: Date;
  status: SessionNote['status'];
  content: NoteContent;
  signed_at: Date | null;
}

interface VersionRow {
  note_id: string;
  version: number;
  content: NoteContent;
  at: Date;
  author: string;
}

interface AmendmentRow {
  amendment_id: string;
  note_id: string;
  version: number;
  kind: NoteAmendment['kind'];
  author: string;
  reason: string;
  at: Date;
  sections: NoteAmendment['sections'];
}

const COLUMNS = 'note_id, appointment_id, client_id, therapist_id, location_id, plan_id, starts_at, ends_at, opened_at, status, content, signed_at';

/** Notes with their signed versions and amendments, oldest first. */
async function withHistory(manager: EntityManager, rows: NoteRow[]): Promise<SessionNote[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.note_id);
  const versions = (await manager.query(`SELECT * FROM session_note_version WHERE note_id = ANY($1::uuid[]) ORDER BY version`, [ids])) as VersionRow[];
  const amendments = (await manager.query(`SELECT * FROM session_note_amendment WHERE note_id = ANY($1::uuid[]) ORDER BY version`, [ids])) as AmendmentRow[];
  return rows.map((r) => ({
    noteId: r.note_id,
    appointmentId: r.appointment_id,
    clientId: r.client_id,
    therapistId: r.therapist_id,
    locationId: r.location_id,
    ...(r.plan_id ? { planId: r.plan_id } : {}),
    startsAt: r.starts_at,
    ...(r.ends_at ? { endsAt: r.ends_at } : {}),
    openedAt: r.opened_at,
    status: r.status,
    content: noteContentFrom(r.content),
    ...(r.signed_at ? { signedAt: r.signed_at } : {}),
    versions: versions.filter((v) => v.note_id === r.note_id).map((v): NoteVersion => ({ version: v.version, content: noteContentFrom(v.content), at: v.at, author: v.author })),
    amendments: amendments
      .filter((a) => a.note_id === r.note_id)
      .map((a): NoteAmendment => ({ amendmentId: a.amendment_id, kind: a.kind, author: a.author, reason: a.reason, at: a.at, sections: a.sections, version: a.version })),
  }));
}

/** The note of the client's appointment at the location; `lock` holds it for the caller's transaction. */
export async function findNote(manager: EntityManager, at: { locationId: string; clientId: string }, appointmentId: string, lock = false): Promise<SessionNote | undefined> {
  const rows = (await manager.query(`SELECT ${COLUMNS} FROM session_note WHERE appointment_id = $1 AND location_id = $2 AND client_id = $3${lock ? ' FOR UPDATE' : ''}`, [
    appointmentId,
    at.locationId,
    at.clientId,
  ])) as NoteRow[];
  const [note] = await withHistory(manager, rows);
  return note;
}

/** The client's notes at the location (`signedOnly`: the record as signed), in session order. */
export async function notesOfClient(manager: EntityManager, at: { locationId: string; clientId: string }, signedOnly = false): Promise<SessionNote[]> {
  const rows = (await manager.query(
    `SELECT ${COLUMNS} FROM session_note WHERE location_id = $1 AND client_id = $2${signedOnly ? ` AND status = 'signed'` : ''} ORDER BY starts_at, note_id`,
    [at.locationId, at.clientId],
  )) as NoteRow[];
  return withHistory(manager, rows);
}

/** The signed notes counted towards a plan, in session order. */
export async function signedNotesOfPlan(manager: EntityManager, planId: string): Promise<SessionNote[]> {
  const rows = (await manager.query(`SELECT ${COLUMNS} FROM session_note WHERE plan_id = $1 AND status = 'signed' ORDER BY starts_at, note_id`, [planId])) as NoteRow[];
  return withHistory(manager, rows);
}

/** How many signed sessions count towards a plan. */
export async function signedSessionsOfPlan(manager: EntityManager, planId: string): Promise<number> {
  const [row] = (await manager.query(`SELECT count(*)::int AS n FROM session_note WHERE plan_id = $1 AND status = 'signed'`, [planId])) as { n: number }[];
  return row?.n ?? 0;
}

/** Opens a note unless the appointment has one already (a replayed check-in): true when this call opened it. */
export async function insertNote(manager: EntityManager, n: SessionNote): Promise<boolean> {
  const rows = (await manager.query(
    `INSERT INTO session_note (${COLUMNS}, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $9)
     ON CONFLICT (appointment_id) DO NOTHING RETURNING note_id`,
    [n.noteId, n.appointmentId, n.clientId, n.therapistId, n.locationId, n.planId ?? null, n.startsAt, n.endsAt ?? null, n.openedAt, n.status, JSON.stringify(n.content), n.signedAt ?? null],
  )) as unknown[];
  return rows.length > 0;
}

/**
 * Writes what a domain step changed: the note's head (status, current content, plan) and the versions and
 * amendments it appended. Nothing already stored is rewritten (the tables refuse it: append-only).
 */
export async function storeNote(manager: EntityManager, before: SessionNote, after: SessionNote, at: Date): Promise<void> {
  await manager.query(`UPDATE session_note SET status = $2, content = $3::jsonb, signed_at = $4, plan_id = $5, updated_at = $6 WHERE note_id = $1`, [
    after.noteId,
    after.status,
    JSON.stringify(after.content),
    after.signedAt ?? null,
    after.planId ?? null,
    at,
  ]);
  const stored = new Set(before.versions.map((v) => v.version));
  for (const v of after.versions.filter((x) => !stored.has(x.version))) {
    await manager.query(`INSERT INTO session_note_version (note_id, version, content, at, author) VALUES ($1, $2, $3::jsonb, $4, $5)`, [
      after.noteId,
      v.version,
      JSON.stringify(v.content),
      v.at,
      v.author,
    ]);
  }
  const known = new Set(before.amendments.map((a) => a.amendmentId));
  for (const a of after.amendments.filter((x) => !known.has(x.amendmentId))) {
    await manager.query(`INSERT INTO session_note_amendment (amendment_id, note_id, version, kind, author, reason, at, sections) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      a.amendmentId,
      after.noteId,
      a.version,
      a.kind,
      a.author,
      a.reason,
      a.at,
      a.sections,
    ]);
  }
}
