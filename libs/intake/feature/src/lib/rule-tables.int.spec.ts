import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import type { RuleTableVersionListResponse, RuleTableVersionResponse } from '@massage/intake-api';
import { RULE_TABLE_2026_1, type RuleTableDocument } from '@massage/intake-screening';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { Role } from '@massage/security';
import { startIntakeTestApp } from './testing/intake-test-app';
import { assertionHeaders, problemFields } from './testing/intake-spec-support';
import { ruleTableWithAnticoagCap } from './testing/rule-table-fixtures';

jest.setTimeout(60_000);

const keys = generateAssertionKeyPair('rule-tables-spec');
const as = assertionHeaders(keys.signer);

const nextVersion = (version: string, effectiveFrom: string): RuleTableDocument => ruleTableWithAnticoagCap(version, effectiveFrom);
const utcDay = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('rule-table versions (PostgreSQL)', () => {
  let pg: Client;
  let app: INestApplication;
  let close: () => Promise<void>;
  let http: ReturnType<typeof request>;
  let quiet: jest.SpyInstance;

  beforeAll(async () => {
    ({ pg, app, close } = await startIntakeTestApp('intake_rule_tables', keys.publicKeysJson));
    http = request(app.getHttpServer());
    quiet = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    quiet?.mockRestore();
    await close?.();
  });

  /** Everything a publication could change: versions, audit rows, outbox rows, idempotency keys. */
  const counts = async (): Promise<unknown> =>
    (
      await pg.query(
        `SELECT (SELECT count(*) FROM rule_table_version)::int AS versions, (SELECT count(*) FROM audit_record)::int AS audit,
                (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1')::int AS outbox, (SELECT count(*) FROM idempotency_key)::int AS keys`,
      )
    ).rows[0];
  const publish = (doc: unknown, role: Role = 'hq-admin', key: string | null = randomUUID()) => {
    const req = http.post('/rule-tables').set(as(role));
    if (key !== null) req.set('idempotency-key', key);
    return req.send(doc as object);
  };

  it('ships version 2026.1 (the seed migration): listed, in effect today, its document readable', async () => {
    const list = (await http.get('/rule-tables').set(as('location-manager')).expect(200)).body as RuleTableVersionListResponse;
    expect(list.items).toEqual([{ version: '2026.1', effectiveFrom: '2026-01-01', publishedAt: expect.any(String), publishedBy: 'migration' }]);
    expect(list.inEffect).toBe('2026.1');
    const one = (await http.get('/rule-tables/2026.1').set(as('therapist')).expect(200)).body as RuleTableVersionResponse;
    expect(one.document).toEqual(JSON.parse(JSON.stringify(RULE_TABLE_2026_1)));
    expect((await http.get('/rule-tables/1999.9').set(as('hq-admin'))).status).toBe(404);
  });

  it('publishes a later version (hq-admin): stored, audited, listed beside the old one, which stays readable and in effect', async () => {
    const doc = nextVersion('2099.1', '2099-01-01');
    const res = await publish(doc);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ version: '2099.1', effectiveFrom: '2099-01-01', publishedAt: expect.any(String), publishedBy: 'hq-1', document: JSON.parse(JSON.stringify(doc)) });

    const list = (await http.get('/rule-tables').set(as('hq-admin')).expect(200)).body as RuleTableVersionListResponse;
    expect(list.items.map((v) => v.version)).toEqual(['2099.1', '2026.1']);
    expect(list.inEffect).toBe('2026.1');
    expect((await http.get('/rule-tables/2026.1').set(as('hq-admin')).expect(200)).body.document).toEqual(JSON.parse(JSON.stringify(RULE_TABLE_2026_1)));
    const audit = await pg.query(`SELECT actor_subject, operation, resource_id, outcome FROM audit_record WHERE operation = 'rule-table.publish'`);
    expect(audit.rows).toEqual([{ actor_subject: 'hq-1', operation: 'rule-table.publish', resource_id: '2099.1', outcome: 'allowed' }]);
  });

  it('replays the first answer for the same Idempotency-Key and body, storing nothing more', async () => {
    const key = randomUUID();
    const doc = nextVersion('2098.1', '2098-01-01');
    const first = await publish(doc, 'hq-admin', key);
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await publish(doc, 'hq-admin', key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['no Idempotency-Key', () => publish(nextVersion('2097.1', '2097-01-01'), 'hq-admin', null), 400, 'Idempotency-Key'],
    ['an effective date in the past', () => publish(nextVersion('2097.2', '2025-06-01')), 400, 'effectiveFrom'],
    ['an effective date of today (screenings made today keep their version)', () => publish(nextVersion('2097.3', utcDay(0))), 400, 'effectiveFrom'],
    ['a published version', () => publish(nextVersion('2026.1', '2097-01-01')), 409, 'version'],
    ['a second version on a published effective date', () => publish(nextVersion('2097.4', '2099-01-01')), 409, 'effectiveFrom'],
  ])('refuses %s with problem+json naming the field, changing nothing but the audit of a conflict', async (_, send, status, field) => {
    const before = (await counts()) as { versions: number; outbox: number; keys: number };
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemFields(res.body)).toContain(field);
    const after = (await counts()) as { versions: number; outbox: number; keys: number };
    expect({ versions: after.versions, keys: after.keys }).toEqual({ versions: before.versions, keys: before.keys });
  });

  describe('a malformed rule table is refused with 400 naming the field, and nothing is stored (no row, no outbox row, no audit)', () => {
    const malformed: [string, () => unknown, string][] = [
      ['an unknown outcome kind', () => withEffect((e) => ({ ...e, kind: 'MAYBE' })), 'rules.0.effects.0.kind'],
      ['a pressure cap off the scale', () => withEffect((e) => ({ ...e, maxPressure: 'P9' })), 'rules.0.effects.0.maxPressure'],
      ['a missing version', () => ({ ...nextVersion('x', '2097-05-01'), version: undefined }), 'version'],
      ['a date that is not a date', () => nextVersion('2097.5', '2097-02-30'), 'effectiveFrom'],
      ['a body that is not a table at all', () => ['rules'], ''],
      // A visit update re-asks the sections the form declares for a rule (reAsk.everyVisitFor): a rule none names would be asked nothing.
      ['a rule re-asked every visit that no question of the current form is re-asked for', () => withRule((r) => ({ ...r, code: 'DVT_NEW' })), 'rules.0.reAskEveryVisit'],
    ];
    function withRule(change: (rule: Record<string, unknown>) => Record<string, unknown>): unknown {
      const doc = JSON.parse(JSON.stringify(nextVersion('2097.7', '2097-07-01'))) as { rules: Record<string, unknown>[] };
      doc.rules = doc.rules.map((r, i) => (i === 0 ? change(r) : r));
      return doc;
    }
    function withEffect(change: (effect: Record<string, unknown>) => Record<string, unknown>): unknown {
      const doc = JSON.parse(JSON.stringify(nextVersion('2097.6', '2097-06-01'))) as { rules: { effects: Record<string, unknown>[] }[] };
      const rule = doc.rules[0];
      if (!rule) throw new Error('the seeded table has no rules');
      rule.effects = rule.effects.map((e, i) => (i === 0 ? change(e) : e));
      return doc;
    }

    it.each(malformed)('%s', async (_, doc, field) => {
      const before = await counts();
      const res = await publish(doc());
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const fields = problemFields(res.body);
      expect(fields.length).toBeGreaterThan(0);
      if (field !== '') expect(fields).toContain(field);
      expect(await counts()).toEqual(before);
    });
  });

  it.each(['location-manager', 'front-desk', 'therapist'] as const)('refuses %s a publication with 403, storing no version', async (role) => {
    const before = ((await counts()) as { versions: number }).versions;
    const res = await publish(nextVersion('2096.1', '2096-01-01'), role);
    expect(res.status).toBe(403);
    expect(((await counts()) as { versions: number }).versions).toBe(before);
  });

  it('front desk reads no rule table (it sees screening outcomes only)', async () => {
    expect((await http.get('/rule-tables').set(as('front-desk'))).status).toBe(403);
  });

  it('never lets a published version change, even from SQL', async () => {
    await expect(pg.query(`UPDATE rule_table_version SET effective_from = '2027-01-01' WHERE version = '2026.1'`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`DELETE FROM rule_table_version WHERE version = '2026.1'`)).rejects.toThrow(/append-only/);
  });
});
