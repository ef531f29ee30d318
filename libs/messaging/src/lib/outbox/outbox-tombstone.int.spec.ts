import { randomUUID } from 'node:crypto';
import { ClientContactErased, ClientContactRecorded } from '@massage/contracts';
import { readTopic, uniqueName } from '../../test-support/integration.helpers';
import { relayTestBed } from '../../test-support/relay.test-bed';
import { parseKafkaMessage } from '../envelope/cloud-events.envelope';

jest.setTimeout(60_000);

describe('a tombstone through the outbox (PostgreSQL + Kafka)', () => {
  const bed = relayTestBed('tombstone');

  it('is stored without payload and published with the key, the CloudEvents headers and a null value', async () => {
    const topic = uniqueName('tombstone.contact');
    bed.ownTopic(topic);
    await bed.admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], waitForLeaders: true });
    const recorded = { ...ClientContactRecorded, topic };
    const erased = { ...ClientContactErased, topic };
    const clientId = randomUUID();

    await bed.db.dataSource.transaction(async (m) => {
      await bed.writer.enqueue(m, recorded, {
        clientId,
        locationId: 'loc-1',
        givenName: 'Ada',
        familyName: 'Lovelace',
        email: 'ada@example.org',
        preferredChannel: 'email',
        recordedAt: new Date().toISOString(),
      });
      await bed.writer.enqueue(m, erased, { clientId });
    });
    const rows = (await bed.db.dataSource.query(`SELECT type, payload FROM outbox ORDER BY seq`)) as { type: string; payload: unknown }[];
    expect(rows.map((r) => [r.type, r.payload === null])).toEqual([
      [ClientContactRecorded.type, false],
      [ClientContactErased.type, true],
    ]);

    await bed.relay({ pollIntervalMs: 100 }).start();
    const [contact, tombstone] = await readTopic(bed.kafka, topic, 2);
    expect(contact?.value).toContain('ada@example.org');
    expect(tombstone).toMatchObject({ key: clientId, value: null });
    expect(tombstone?.headers).toMatchObject({ ce_type: ClientContactErased.type, ce_subject: clientId });

    // What the consumer transport makes of it: the declared tombstone, its payload rebuilt from the key.
    const message = { key: Buffer.from(clientId), value: null, headers: tombstone?.headers ?? {} };
    expect(parseKafkaMessage(message, (type, key) => (type === erased.type ? erased.tombstone?.(key) : undefined)).data).toEqual({ clientId });
    expect(() => parseKafkaMessage(message)).toThrow(/value is empty/);
  });
});
