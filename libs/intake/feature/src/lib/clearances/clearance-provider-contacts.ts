import type { ClearanceProviderContactV1, ClientContactRecordedV1 } from '@massage/contracts';
import type { EntityManager } from 'typeorm';
import { ClientEntity } from '../client.entity';
import { ClearanceEntity } from './clearance.entity';

/** A provider's contact that is one e-mail address and nothing else; other contacts (a fax, a postal address) are not for e-mail. */
export function providerEmail(contact: string | null): string | undefined {
  const value = contact?.trim() ?? '';
  return /^[^\s@<>,;:"]+@[^\s@<>,;:"]+\.[^\s@<>,;:"]+$/.test(value) && value.length <= 254 ? value : undefined;
}

/** The private contact record of a client (ClientContactRecorded), with the providers asked for a clearance when given. */
export function toClientContactRecorded(client: ClientEntity, recordedAt: string, clearanceProviders: ClearanceProviderContactV1[] = []): ClientContactRecordedV1 {
  return {
    clientId: client.id,
    locationId: client.locationId,
    givenName: client.givenName,
    familyName: client.familyName,
    ...(client.email ? { email: client.email } : {}),
    ...(client.phone ? { phone: client.phone } : {}),
    preferredChannel: client.preferredChannel,
    recordedAt,
    dateOfBirth: client.dateOfBirth,
    ...(clearanceProviders.length > 0 ? { clearanceProviders } : {}),
  };
}

/**
 * The client's contact record again, now naming every provider of a clearance still `requested` whose contact is
 * an e-mail address (notification writes them the letter); undefined when there is none, or the client's contact
 * was erased (an erased client is not published again: no letter goes out for them).
 */
export async function contactWithClearanceProviders(manager: EntityManager, clientId: string, recordedAt: Date): Promise<ClientContactRecordedV1 | undefined> {
  const client = await manager.findOneBy(ClientEntity, { id: clientId });
  if (!client || client.contactErasedAt || (!client.email && !client.phone)) return undefined;
  const requested = await manager.find(ClearanceEntity, { where: { clientId, status: 'requested' }, order: { requestedAt: 'ASC', id: 'ASC' } });
  const providers = requested.flatMap((c) => {
    const email = providerEmail(c.providerContact);
    return email ? [{ clearanceId: c.id, name: c.providerName, email }] : [];
  });
  return providers.length > 0 ? toClientContactRecorded(client, recordedAt.toISOString(), providers) : undefined;
}
