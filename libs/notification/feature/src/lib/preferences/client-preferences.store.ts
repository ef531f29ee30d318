import type { MessagePreferences, NotificationChannel, OptOutSource } from '@massage/notification-domain';
import type { EntityManager } from 'typeorm';

/** A client's `client_preference` row as the API and the worker read it. */
export interface StoredPreferences extends MessagePreferences {
  optOuts: Partial<Record<NotificationChannel, { at: Date; via: OptOutSource }>>;
  /** Overrides the contact's language; null: the contact's. */
  language: 'en' | 'fr' | null;
}

interface PreferenceRow {
  email_opted_out_at: Date | null;
  email_opt_out_via: OptOutSource | null;
  sms_opted_out_at: Date | null;
  sms_opt_out_via: OptOutSource | null;
  quiet_hours_opt_out: boolean;
  language: 'en' | 'fr' | null;
}

export const CHANNELS: readonly NotificationChannel[] = ['email', 'sms'];

/** Reads and writes `client_preference` in the caller's transaction (no row: nothing opted out, quiet hours kept). */
export async function readPreferences(manager: EntityManager, clientId: string, lock = false): Promise<StoredPreferences> {
  const [row] = (await manager.query(
    `SELECT email_opted_out_at, email_opt_out_via, sms_opted_out_at, sms_opt_out_via, quiet_hours_opt_out, language
       FROM client_preference WHERE client_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [clientId],
  )) as PreferenceRow[];
  const optOuts: StoredPreferences['optOuts'] = {};
  if (row?.email_opted_out_at && row.email_opt_out_via) optOuts.email = { at: row.email_opted_out_at, via: row.email_opt_out_via };
  if (row?.sms_opted_out_at && row.sms_opt_out_via) optOuts.sms = { at: row.sms_opted_out_at, via: row.sms_opt_out_via };
  return {
    optOuts,
    optedOut: CHANNELS.filter((c) => optOuts[c] !== undefined),
    quietHoursOptOut: row?.quiet_hours_opt_out ?? false,
    language: row?.language ?? null,
  };
}

/** Opts the client out of (or back into) one channel; an opt-out already held keeps its first instant and source. */
export async function setChannelOptOut(manager: EntityManager, clientId: string, channel: NotificationChannel, optOut: { at: Date; via: OptOutSource } | null): Promise<void> {
  const at = `${channel}_opted_out_at`;
  const via = `${channel}_opt_out_via`;
  await manager.query(
    optOut
      ? `INSERT INTO client_preference (client_id, ${at}, ${via}) VALUES ($1, $2, $3)
         ON CONFLICT (client_id) DO UPDATE SET ${at} = coalesce(client_preference.${at}, EXCLUDED.${at}),
           ${via} = coalesce(client_preference.${via}, EXCLUDED.${via}), updated_at = now()`
      : `INSERT INTO client_preference (client_id) VALUES ($1)
         ON CONFLICT (client_id) DO UPDATE SET ${at} = NULL, ${via} = NULL, updated_at = now()`,
    optOut ? [clientId, optOut.at, optOut.via] : [clientId],
  );
}

/** The quiet-hours choice and the language (null: the contact's). */
export async function setMessageSettings(manager: EntityManager, clientId: string, settings: { quietHoursOptOut: boolean; language: 'en' | 'fr' | null }): Promise<void> {
  await manager.query(
    `INSERT INTO client_preference (client_id, quiet_hours_opt_out, language) VALUES ($1, $2, $3)
     ON CONFLICT (client_id) DO UPDATE SET quiet_hours_opt_out = EXCLUDED.quiet_hours_opt_out, language = EXCLUDED.language, updated_at = now()`,
    [clientId, settings.quietHoursOptOut, settings.language],
  );
}

/** The clients whose contact has this phone number (a STOP reply names a number; two clients may share one). */
export async function clientsWithPhone(manager: EntityManager, phone: string): Promise<string[]> {
  const rows = (await manager.query(`SELECT client_id FROM contact WHERE phone = $1`, [phone])) as { client_id: string }[];
  return rows.map((r) => r.client_id);
}
