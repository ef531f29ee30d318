import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '@massage/notification-domain';
import type { EntityManager } from 'typeorm';

/** A location's settings as held: the defaults when it has no row (`updatedAt` null then). */
export interface StoredMessageSettings {
  settings: NotificationSettings;
  updatedAt: Date | null;
  updatedBy: string | null;
}

interface Row {
  reminder_offsets_minutes: number[];
  pre_visit_check_minutes: number | null;
  quiet_from: string | null;
  quiet_to: string | null;
  updated_at: Date;
  updated_by: string;
}

/** The location's settings, in the caller's transaction (`lock`: FOR UPDATE, before a change). */
export async function readMessageSettings(
  manager: EntityManager,
  locationId: string,
  lock = false,
): Promise<StoredMessageSettings> {
  const [row] = (await manager.query(
    `SELECT reminder_offsets_minutes, pre_visit_check_minutes, to_char(quiet_from, 'HH24:MI') AS quiet_from, to_char(quiet_to, 'HH24:MI') AS quiet_to, updated_at, updated_by
       FROM location_message_settings WHERE location_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [locationId],
  )) as Row[];
  if (!row) return { settings: DEFAULT_NOTIFICATION_SETTINGS, updatedAt: null, updatedBy: null };
  return {
    settings: {
      reminderOffsetsMinutes: row.reminder_offsets_minutes,
      preVisitCheckMinutes: row.pre_visit_check_minutes,
      quietHours: row.quiet_from && row.quiet_to ? { from: row.quiet_from, to: row.quiet_to } : null,
    },
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Replaces the location's settings (already validated by the domain; the table's CHECKs repeat its rules). */
export async function writeMessageSettings(
  manager: EntityManager,
  locationId: string,
  settings: NotificationSettings,
  at: Date,
  by: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO location_message_settings (location_id, reminder_offsets_minutes, pre_visit_check_minutes, quiet_from, quiet_to, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (location_id) DO UPDATE SET reminder_offsets_minutes = EXCLUDED.reminder_offsets_minutes, pre_visit_check_minutes = EXCLUDED.pre_visit_check_minutes,
       quiet_from = EXCLUDED.quiet_from, quiet_to = EXCLUDED.quiet_to, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [
      locationId,
      settings.reminderOffsetsMinutes,
      settings.preVisitCheckMinutes,
      settings.quietHours?.from ?? null,
      settings.quietHours?.to ?? null,
      at,
      by,
    ],
  );
}
