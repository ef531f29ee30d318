import { IntakeCompleted, InvalidEventPayloadError, type IntakeCompletedV1 } from '@massage/contracts';
import type { EntityManager } from 'typeorm';
import { intakePayload } from '../../test-support/relay.test-bed';
import { OutboxTransactionRequiredError, OutboxWriter } from './outbox-writer.service';

const intake: IntakeCompletedV1 = intakePayload({
  intakeId: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
});

function fakeManager(inTransaction = true): { manager: EntityManager; queries: { sql: string; params: unknown[] }[] } {
  const queries: { sql: string; params: unknown[] }[] = [];
  const manager = {
    queryRunner: { isTransactionActive: inTransaction },
    query: async (sql: string, params: unknown[]) => {
      queries.push({ sql, params });
      return [];
    },
  } as unknown as EntityManager;
  return { manager, queries };
}

describe('OutboxWriter', () => {
  it('builds the envelope and writes the row plus a NOTIFY through the given manager', async () => {
    const { manager, queries } = fakeManager();
    const env = await new OutboxWriter('intake').enqueue(manager, IntakeCompleted, intake, { causationId: 'c0ffee00-0000-4000-8000-000000000000' });
    expect(env).toMatchObject({
      type: IntakeCompleted.type,
      source: '/massage/intake',
      subject: intake.clientId,
      correlationId: env.id,
      causationId: 'c0ffee00-0000-4000-8000-000000000000',
      data: intake,
    });
    expect(queries).toHaveLength(1);
    const [insert] = queries;
    expect(insert?.sql).toMatch(/INSERT INTO "outbox"/);
    expect(insert?.sql).toMatch(/pg_notify\(\$7, ''\)/);
    expect(insert?.params.slice(0, 4)).toEqual([env.id, IntakeCompleted.topic, intake.clientId, IntakeCompleted.type]);
    expect(JSON.parse(insert?.params[4] as string)).toMatchObject({ ce_id: env.id, ce_type: IntakeCompleted.type, ce_causationid: env.causationId });
    expect(insert?.params[6]).toBe('outbox');
  });

  it('keeps a given id and correlation id', async () => {
    const { manager } = fakeManager();
    const id = '11111111-2222-4333-8444-555555555555';
    const env = await new OutboxWriter('intake').enqueue(manager, IntakeCompleted, intake, { id, correlationId: 'corr-1' });
    expect(env.id).toBe(id);
    expect(env.correlationId).toBe('corr-1');
  });

  it('rejects an invalid payload without writing anything', async () => {
    const { manager, queries } = fakeManager();
    await expect(new OutboxWriter('intake').enqueue(manager, IntakeCompleted, { ...intake, goalCount: -1 })).rejects.toBeInstanceOf(InvalidEventPayloadError);
    expect(queries).toEqual([]);
  });

  it('refuses a manager outside a transaction', async () => {
    const { manager, queries } = fakeManager(false);
    await expect(new OutboxWriter('intake').enqueue(manager, IntakeCompleted, intake)).rejects.toBeInstanceOf(OutboxTransactionRequiredError);
    expect(queries).toEqual([]);
  });
});
