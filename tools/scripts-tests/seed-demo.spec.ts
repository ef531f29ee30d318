import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBash } from './run-bash';

interface Post {
  path: string;
  key: string | undefined;
  body: string;
  authorization: string | undefined;
}

/**
 * A stand-in for the gateway's client, intake and clearance routes: creates records, answers GET for the
 * ones it has, and fails the intake POSTs it is told to fail.
 */
class FakeGateway {
  readonly posts: Post[] = [];
  readonly records = new Set<string>();
  failIntakes = 0;
  private readonly server: Server = createServer((req, res) => {
    void this.answer(req).then(([status, body]) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  postsTo(suffix: string): Post[] {
    return this.posts.filter((p) => p.path.endsWith(suffix));
  }

  private async answer(req: IncomingMessage): Promise<[number, object]> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const path = req.url ?? '';
    if (req.method === 'GET') return this.records.has(path) ? [200, {}] : [404, { title: 'Not Found' }];
    this.posts.push({ path, key: req.headers['idempotency-key'] as string | undefined, body, authorization: req.headers.authorization });
    if (path.endsWith('/intakes') && this.failIntakes > 0) {
      this.failIntakes -= 1;
      return [503, { title: 'Service Unavailable' }];
    }
    const id = randomUUID();
    if (path.endsWith('/clearances/recorded')) {
      // A letter recorded directly: read back under …/clearances/<id>, answered as ClearanceChangeResponse.
      this.records.add(`${path.slice(0, -'/recorded'.length)}/${id}`);
      return [201, { clearance: { id }, screening: null }];
    }
    this.records.add(`${path}/${id}`);
    return [201, { id }];
  }
}

describe('scripts/seed-demo.sh', () => {
  let dataDir: string;
  let gateway: FakeGateway;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'scripts-seed-'));
    gateway = new FakeGateway();
    env = { DATA_DIR: dataDir, GATEWAY_PORT: String(await gateway.start()), DEMO_TOKEN: 'test-token', DEMO_MANAGER_TOKEN: 'manager-token' };
  });
  afterEach(async () => {
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const seed = () => runBash('bash scripts/seed-demo.sh', env);

  it('rerun after a partial failure creates the missing records only, never a second client', async () => {
    gateway.failIntakes = 1;
    const first = await seed();
    expect(first.code).not.toBe(0);
    expect(gateway.postsTo('/clients')).toHaveLength(2);

    const second = await seed();
    expect(second.code).toBe(0);
    expect(gateway.postsTo('/clients')).toHaveLength(4); // Ada and Sam once, then the screening demo's Marta and Noor
    const intakes = gateway.postsTo('/intakes');
    expect(intakes).toHaveLength(4);
    // The retried intake is the same request: same Idempotency-Key, same body.
    expect(intakes[1]?.key).toBe(intakes[0]?.key);
    expect(intakes[1]?.body).toBe(intakes[0]?.body);

    const third = await seed();
    expect(third.code).toBe(0);
    expect(third.stderr).toContain('already there');
    expect(gateway.posts).toHaveLength(9);
  });

  it('sends a distinct Idempotency-Key with every record it creates', async () => {
    expect((await seed()).code).toBe(0);
    const keys = gateway.posts.map((p) => p.key);
    expect(keys).toHaveLength(8);
    expect(new Set(keys).size).toBe(8);
    for (const key of keys) expect(key).toMatch(/^demo-seed-[0-9a-f-]{36}-(client-ada|client-sam|intake-ada|client-marta|intake-marta|client-noor|intake-noor|clearance-noor)$/);
  });

  it('seeds the screening demo: Marta with one restriction of each kind, Noor with a clearance the manager records', async () => {
    expect((await seed()).code).toBe(0);
    const marta = gateway.postsTo('/intakes').find((p) => p.key?.endsWith('-intake-marta'));
    const answers = (JSON.parse(marta?.body ?? '{}') as { answers?: Record<string, unknown> }).answers;
    expect(answers).toMatchObject({
      symptomsToday: ['fever-last-48h'],
      devices: [{ kind: 'port', sites: ['chest'] }],
      surgeries: [{ on: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), sites: ['right-knee'] }],
      medications: [{ class: 'anticoagulant' }],
    });
    const [clearance, ...more] = gateway.postsTo('/clearances/recorded');
    expect(more).toEqual([]);
    expect(clearance?.authorization).toBe('Bearer manager-token');
    expect(JSON.parse(clearance?.body ?? '{}')).toMatchObject({ rules: ['SURG'], sites: ['right-knee'] });
    expect(gateway.posts.filter((p) => p !== clearance).every((p) => p.authorization === 'Bearer test-token')).toBe(true);
  });

  it('creates again a record the gateway no longer has (a wiped database)', async () => {
    expect((await seed()).code).toBe(0);
    gateway.records.clear();
    expect((await seed()).code).toBe(0);
    expect(gateway.postsTo('/clients')).toHaveLength(8);
  });
});
