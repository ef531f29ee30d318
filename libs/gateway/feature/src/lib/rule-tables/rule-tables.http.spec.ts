import { RULE_TABLE_DOCUMENT_EXAMPLE, ruleTableDocumentViolations } from '@massage/intake-api';
import { startRecordingGateway, type RecordingGateway } from '../testing/recording-gateway';

const HQ = { subject: 'hq-1', role: 'hq-admin' as const, locationId: '*' };
const document = (): Record<string, unknown> => JSON.parse(JSON.stringify(RULE_TABLE_DOCUMENT_EXAMPLE)) as Record<string, unknown>;
function firstEffect(doc: Record<string, unknown>): Record<string, unknown> {
  const effect = (doc['rules'] as { effects: Record<string, unknown>[] }[])[0]?.effects[0];
  if (!effect) throw new Error('the example has no first effect');
  return effect;
}
const fields = (body: unknown): string[] => ((body as { 'invalid-params'?: { name: string }[] })['invalid-params'] ?? []).map((p) => p.name);

describe('gateway: rule-table routes (franchise-wide)', () => {
  let gw: RecordingGateway;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());
  beforeEach(() => {
    gw.received.length = 0;
    gw.answer = (r) => ({ status: r.method === 'POST' ? 201 : 200, body: { echo: true } });
  });

  const publish = (body: unknown, key: string | null = 'publish-1', actor: Partial<typeof HQ> | { role: 'location-manager' } = HQ) => {
    const req = gw.http.post('/v1/rule-tables').set('authorization', gw.bearer(actor)).set('content-type', 'application/json');
    if (key !== null) req.set('idempotency-key', key);
    return req.send(body as object);
  };

  it('lets a manager and a therapist of any location read the versions and one document; intake is asked with no location', async () => {
    const list = await gw.http.get('/v1/rule-tables').set('authorization', gw.bearer({ role: 'location-manager', locationId: 'uptown' }));
    const one = await gw.http.get('/v1/rule-tables/2026.1').set('authorization', gw.bearer({ role: 'therapist' }));
    expect([list.status, one.status]).toEqual([200, 200]);
    expect(gw.received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /rule-tables', 'GET /rule-tables/2026.1']);
    const [first] = gw.received;
    expect(first && gw.assertedActor(first)).toMatchObject({ role: 'location-manager', locationId: 'uptown' });
  });

  it('refuses front desk any rule table (403), and a version that cannot be one (400 naming it), forwarding nothing', async () => {
    expect((await gw.http.get('/v1/rule-tables').set('authorization', gw.bearer())).status).toBe(403);
    const bad = await gw.http.get('/v1/rule-tables/..%2Fetc').set('authorization', gw.bearer({ role: 'therapist' }));
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['version']);
    expect(gw.received).toEqual([]);
  });

  it('forwards a valid publication by hq-admin unchanged, with its Idempotency-Key', async () => {
    const doc = { ...document(), version: '2027.2', effectiveFrom: '2027-03-01' };
    const res = await publish(doc, 'publish-2027.2');
    expect(res.status).toBe(201);
    const forwarded = gw.single();
    expect(forwarded).toMatchObject({ method: 'POST', url: '/rule-tables' });
    expect(forwarded.headers['idempotency-key']).toBe('publish-2027.2');
    expect(JSON.parse(forwarded.body)).toEqual(doc);
    expect(gw.assertedActor(forwarded)).toEqual(HQ);
  });

  it.each([
    ['a pressure cap off the scale', 'rules.0.effects.0.maxPressure', (d: Record<string, unknown>) => (firstEffect(d)['maxPressure'] = 'P9')],
    ['an unknown restriction kind', 'rules.0.effects.0.kind', (d: Record<string, unknown>) => (firstEffect(d)['kind'] = 'MAYBE')],
    ['no version', 'version', (d: Record<string, unknown>) => delete d['version']],
    ['an impossible effective date', 'effectiveFrom', (d: Record<string, unknown>) => (d['effectiveFrom'] = '2027-02-30')],
    ['an unknown top-level field', 'approvedBy', (d: Record<string, unknown>) => (d['approvedBy'] = 'someone')],
  ])('refuses %s with 400 problem+json naming %s, forwarding nothing', async (_case, field, change) => {
    const doc = document();
    change(doc);
    const res = await publish(doc);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res.body)).toContain(field);
    expect(gw.received).toEqual([]);
  });

  it('refuses a body that is not a document, a publication without Idempotency-Key, and a manager (403), forwarding nothing', async () => {
    expect((await publish(['rules'])).status).toBe(400);
    const unkeyed = await publish(document(), null);
    expect(unkeyed.status).toBe(400);
    expect(fields(unkeyed.body)).toEqual(['Idempotency-Key']);
    expect((await publish(document(), 'k', { role: 'location-manager' })).status).toBe(403);
    expect(gw.received).toEqual([]);
  });

  it("relays intake's 409 for a version already published, naming the field", async () => {
    const conflict = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'version 2026.1 is already published', 'invalid-params': [{ name: 'version', reason: 'already published' }] };
    gw.answer = () => ({ status: 409, type: 'application/problem+json', body: conflict });
    const res = await publish({ ...document(), version: '2026.1' });
    expect(res.status).toBe(409);
    expect(fields(res.body)).toEqual(['version']);
  });
});

describe('gateway OpenAPI: screening and rule tables', () => {
  let gw: RecordingGateway;
  beforeAll(async () => (gw = await startRecordingGateway()));
  afterAll(() => gw?.close());

  it('documents the routes, the publication example and the problem+json answers', async () => {
    const doc = (await gw.http.get('/docs-json').expect(200)).body as { components: { schemas: Record<string, unknown> }; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> }; responses: Record<string, { content?: Record<string, unknown> }> }>> };
    expect(Object.fromEntries(Object.entries(doc.paths).filter(([p]) => /rule-tables|screening/.test(p)).map(([p, ops]) => [p, Object.keys(ops).sort()]))).toEqual({
      '/v1/rule-tables': ['get', 'post'],
      '/v1/rule-tables/{version}': ['get'],
      '/v1/locations/{locationId}/clients/{clientId}/screening': ['get'],
      '/v1/locations/{locationId}/clients/{clientId}/screenings': ['get'],
    });
    const publish = doc.paths['/v1/rule-tables']?.['post'];
    const example = Object.values(publish?.requestBody?.content['application/json']?.examples ?? {})[0]?.value;
    expect(ruleTableDocumentViolations(example)).toEqual([]);
    for (const status of ['400', '409', '422']) expect(Object.keys(publish?.responses[status]?.content ?? {})).toContain('application/problem+json');
    expect(Object.keys(doc.paths['/v1/rule-tables/{version}']?.['get']?.responses['404']?.content ?? {})).toContain('application/problem+json');
    expect(doc.components.schemas['ProblemDetailsDto']).toBeDefined();
  });
});
