import type { ClientContactRecordedV1 } from '@massage/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Keeps what a clearance letter needs from the client's private contact record, once the contact row holds this
 * record (an older one changes nothing): the date of birth, and each provider named (a later record updates one).
 * Providers dropped from a later record stay: their letter may still be due; the contact's erasure removes them all.
 */
export async function recordClearanceProviders(manager: EntityManager, contact: ClientContactRecordedV1): Promise<void> {
  const [, held] = (await manager.query(`UPDATE contact SET date_of_birth = $3 WHERE client_id = $1 AND recorded_at = $2`, [
    contact.clientId,
    contact.recordedAt,
    contact.dateOfBirth ?? null,
  ])) as [unknown, number];
  if (held === 0) return;
  for (const p of contact.clearanceProviders ?? []) {
    await manager.query(
      `INSERT INTO clearance_provider (clearance_id, client_id, name, email, recorded_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (clearance_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, recorded_at = EXCLUDED.recorded_at
       WHERE clearance_provider.client_id = EXCLUDED.client_id AND clearance_provider.recorded_at <= EXCLUDED.recorded_at`,
      [p.clearanceId, contact.clientId, p.name, p.email, contact.recordedAt],
    );
  }
}

/**
 * The client's contact was erased: its providers went with it (the foreign key), and no letter still waiting goes
 * out to them. A ClearanceRequested arriving after the erasure finds no provider: its letter is never sent either.
 */
export async function cancelClearanceLetters(manager: EntityManager, clientId: string): Promise<void> {
  await manager.query(`UPDATE scheduled_message SET status = 'cancelled', updated_at = now() WHERE client_id = $1 AND kind = 'clearance-request' AND status = 'scheduled'`, [clientId]);
}
