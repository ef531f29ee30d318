import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { ClientContactRecorded, ClientRegistered } from '@massage/contracts';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { checkClientRegistration, normalizeClientRegistration, type ClientRegistration } from '@massage/intake-domain';
import type { ClientResponse } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { toClientContactRecorded } from '../../clearances/clearance-provider-contacts';
import { toClientResponse } from '../../http/responses';
import { throwIfViolated } from '../../http/rule-violations';

export interface RegisterClientCommand {
  locationId: string;
  correlationId: string;
  registration: ClientRegistration;
  actor: Actor;
  idempotencyKey: string;
}

/**
 * Registers a client: the client row, ClientRegistered (public: ids and channel only),
 * ClientContactRecorded (private contact topic), the audit row and the idempotency key's response are
 * written in one transaction, or nothing is. A retry with the same key gets the first client back.
 */
@Injectable()
export class RegisterClientService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async register(cmd: RegisterClientCommand, now = new Date()): Promise<ClientResponse> {
    const reg = normalizeClientRegistration(cmd.registration);
    throwIfViolated(checkClientRegistration(reg, now));

    const client = new ClientEntity();
    client.id = randomUUID();
    client.locationId = cmd.locationId;
    client.givenName = reg.givenName;
    client.familyName = reg.familyName;
    client.email = reg.email ?? null;
    client.phone = reg.phone ?? null;
    client.preferredChannel = reg.preferredChannel;
    client.dateOfBirth = reg.dateOfBirth;
    client.registeredAt = now;
    const at = now.toISOString();
    const meta = { correlationId: cmd.correlationId };

    const request = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', '/clients', cmd.registration) };
    return this.idempotency.once(this.dataSource, request, 201, async (manager) => {
      await manager.insert(ClientEntity, client);
      await this.outbox.enqueue(
        manager,
        ClientRegistered,
        { clientId: client.id, locationId: client.locationId, registeredAt: at, preferredChannel: client.preferredChannel },
        meta,
      );
      await this.outbox.enqueue(manager, ClientContactRecorded, toClientContactRecorded(client, at), meta);
      await this.audit.record(manager, {
        actor: cmd.actor,
        action: 'write',
        operation: 'client.register',
        resourceType: 'client',
        resourceId: client.id,
        clientId: client.id,
        locationId: client.locationId,
        outcome: 'allowed',
        correlationId: cmd.correlationId,
      });
      return toClientResponse(client);
    });
  }
}
