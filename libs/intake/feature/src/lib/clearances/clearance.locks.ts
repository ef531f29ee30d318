import { ConflictException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClientEntity } from '../client.entity';
import { notFound } from '../http/request-context';
import { ClearanceEntity } from './clearance.entity';

/** Which clearance a command names: its own id under its client and location (another location's is a 404). */
export interface ClearanceRef {
  locationId: string;
  clientId: string;
  clearanceId: string;
}

/**
 * Locks the location's client (FOR UPDATE), or 404. Every clearance change, like every intake and screening,
 * locks the client first: one client's changes commit, and their events are published, one after the other, and
 * the lock order (client, then clearance) is the same everywhere, the expiry job included.
 */
export async function lockClient(manager: EntityManager, locationId: string, clientId: string): Promise<ClientEntity> {
  const client = await manager.findOne(ClientEntity, { where: { id: clientId, locationId }, lock: { mode: 'pessimistic_write' } });
  if (!client) throw notFound('client');
  return client;
}

/** Locks the client, then the clearance (FOR UPDATE); 404 naming whichever is missing or not the location's. */
export async function lockClearance(manager: EntityManager, ref: ClearanceRef): Promise<ClearanceEntity> {
  await lockClient(manager, ref.locationId, ref.clientId);
  const clearance = await manager.findOne(ClearanceEntity, {
    where: { id: ref.clearanceId, clientId: ref.clientId, locationId: ref.locationId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!clearance) throw notFound('clearance');
  return clearance;
}

/** 409 problem+json: the clearance is not in a state this change applies to (it names `status`). */
export function wrongState(clearance: ClearanceEntity, expected: string): ConflictException {
  const reason = `the clearance is ${clearance.status}; only a ${expected} clearance can be changed this way`;
  return new ConflictException({ message: reason, invalidParams: [{ name: 'status', reason }] });
}
