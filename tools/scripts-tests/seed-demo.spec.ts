import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBash } from './run-bash';

jest.setTimeout(180_000);

interface Request {
  method: string;
  path: string;
  key: string | undefined;
  body: string;
  authorization: string | undefined;
}

interface FakeLocation {
  code: string;
  timeZone: string;
  rooms: { id: string; code: string; equipment: string[] }[];
  services: { id: string; code: string; techniques: string[] }[];
}

const problem = (status: number, rule: string): [number, object] => [
  status,
  { type: `https://massage.example/problems/${rule}`, title: rule, status, detail: `refused: ${rule}` },
];

/**
 * A stand-in for the gateway's routes the seed uses: locations (read back by code, with their rooms and services),
 * therapists, clients, intakes, clearances and appointments are created and answered on GET; PUTs succeed. It can
 * fail intakes (503), refuse client registrations as intake does before it has heard of the location (404
 * unknown-location), refuse bookings as scheduling does before the client's screening arrived (422
 * screening-pending), and refuse one booking for good.
 */
class FakeGateway {
  readonly requests: Request[] = [];
  readonly records = new Set<string>();
  readonly locations = new Map<string, FakeLocation>();
  failIntakes = 0;
  unknownLocationAnswers = 0;
  screeningPendingAnswers = 0;
  refuseBookingsMatching: RegExp | undefined;
  /** Treatment: appointments checked in (their note open, a draft) and notes signed, by appointment id. */
  readonly checkedIn = new Set<string>();
  readonly signed = new Set<string>();
  private readonly server: Server = createServer((req, res) => {
    void this.answer(req).then(([status, body]) => {
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
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

  get posts(): Request[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  postsTo(suffix: string): Request[] {
    return this.posts.filter((p) => p.path.endsWith(suffix));
  }

  /** Forgets everything, as a wiped database would. */
  wipe(): void {
    this.records.clear();
    this.locations.clear();
    this.checkedIn.clear();
    this.signed.clear();
  }

  private async answer(req: IncomingMessage): Promise<[number, object]> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const path = req.url ?? '';
    const location = /^\/v1\/locations\/([^/]+)$/.exec(path)?.[1];
    const session = /\/sessions\/([^/]+)\/note(\/sign)?$/.exec(path);
    if (req.method === 'GET') {
      // A session's note: open once the appointment was checked in.
      if (session) return this.checkedIn.has(session[1] ?? '') ? [200, { status: this.signed.has(session[1] ?? '') ? 'signed' : 'draft' }] : problem(404, '404');
      if (location) {
        const found = this.locations.get(location);
        return found ? [200, found] : [404, { title: 'Not Found' }];
      }
      return this.records.has(path) ? [200, {}] : [404, { title: 'Not Found' }];
    }
    this.requests.push({
      method: req.method ?? '',
      path,
      key: req.headers['idempotency-key'] as string | undefined,
      body,
      authorization: req.headers.authorization,
    });
    if (req.method === 'PUT') return [200, {}];
    const checkIn = /\/appointments\/([^/]+)\/check-in$/.exec(path);
    if (checkIn) {
      this.checkedIn.add(checkIn[1] ?? '');
      return [200, {}];
    }
    if (session?.[2]) {
      this.signed.add(session[1] ?? '');
      return [200, { status: 'signed' }];
    }
    const sent = JSON.parse(body || '{}') as Record<string, unknown>;
    const id = randomUUID();
    if (path === '/v1/locations') {
      const opened: FakeLocation = {
        code: String(sent['code']),
        timeZone: String(sent['timeZone']),
        rooms: [],
        services: [],
      };
      this.locations.set(opened.code, opened);
      return [201, opened];
    }
    const calendar = /^\/v1\/locations\/([^/]+)\/(rooms|services)$/.exec(path);
    if (calendar) {
      const at = this.locations.get(calendar[1] ?? '');
      if (!at) return problem(404, 'unknown-location');
      const item = { ...sent, id } as never;
      if (calendar[2] === 'rooms') at.rooms.push(item);
      else at.services.push(item);
      return [201, item];
    }
    if (path.endsWith('/clients') && this.unknownLocationAnswers > 0) {
      this.unknownLocationAnswers -= 1;
      return problem(404, 'unknown-location');
    }
    if (path.endsWith('/intakes') && this.failIntakes > 0) {
      this.failIntakes -= 1;
      return [503, { title: 'Service Unavailable' }];
    }
    if (path.endsWith('/appointments')) {
      if (this.screeningPendingAnswers > 0) {
        this.screeningPendingAnswers -= 1;
        return problem(422, 'screening-pending');
      }
      if (this.refuseBookingsMatching?.test(req.headers['idempotency-key'] as string))
        return problem(422, 'licence-expired');
    }
    if (path.endsWith('/clearances/recorded')) {
      // A letter recorded directly: read back under …/clearances/<id>, answered as ClearanceChangeResponse.
      this.records.add(`${path.slice(0, -'/recorded'.length)}/${id}`);
      return [201, { clearance: { id }, screening: null }];
    }
    this.records.add(`${path}/${id}`);
    return [201, { id }];
  }
}

/** Local wall-clock date and time of an instant in ZONE (`2026-12-02 09:30`, Monday = 1). */
function localAt(instant: string, zone: string): { date: string; time: string; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    time: `${parts['hour']}:${parts['minute']}`,
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts['weekday'] ?? '') + 1,
  };
}

const utcDay = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('scripts/seed-demo.sh', () => {
  let dataDir: string;
  let gateway: FakeGateway;
  let env: Record<string, string>;

  async function setUp(): Promise<void> {
    dataDir = mkdtempSync(join(tmpdir(), 'scripts-seed-'));
    gateway = new FakeGateway();
    env = {
      DATA_DIR: dataDir,
      GATEWAY_PORT: String(await gateway.start()),
      DEMO_TOKEN: 'test-token',
      DEMO_MANAGER_TOKEN: 'manager-token',
      DEMO_SOHO_TOKEN: 'soho-token',
      DEMO_SOHO_MANAGER_TOKEN: 'soho-manager-token',
      DEMO_HQ_TOKEN: 'hq-token',
      DEMO_THERAPIST_TOKEN: 'therapist-token',
    };
  }
  async function tearDown(): Promise<void> {
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const seed = () => runBash('bash scripts/seed-demo.sh', env);
  const sentBody = <T>(r: Request | undefined): T => JSON.parse(r?.body ?? '{}') as T;

  describe('reruns and refusals', () => {
    beforeEach(setUp);
    afterEach(tearDown);

    it('rerun after a partial failure creates the missing records only, never a second client', async () => {
      gateway.failIntakes = 1;
      const first = await seed();
      expect(first.code).not.toBe(0);
      expect(gateway.postsTo('/clients')).toHaveLength(2);

      const second = await seed();
      expect(second.stderr).not.toContain('ERROR');
      expect(second.code).toBe(0);
      // Ada and Sam once, then the screening demo's Marta and Noor, the week's Lena, Tomás, Sofia, Olivia and Harry,
      // and the treatment demo's Ines.
      expect(gateway.postsTo('/clients')).toHaveLength(10);
      const intakes = gateway.postsTo('/intakes');
      expect(intakes).toHaveLength(10);
      // The retried intake is the same request: same Idempotency-Key, same body.
      expect(intakes[1]?.key).toBe(intakes[0]?.key);
      expect(intakes[1]?.body).toBe(intakes[0]?.body);

      const posted = gateway.posts.length;
      const third = await seed();
      expect(third.code).toBe(0);
      expect(third.stderr).toContain('already there');
      expect(third.stderr).toContain('demo location downtown already open');
      expect(gateway.posts).toHaveLength(posted);
    });
  });

  describe('one run on an empty gateway', () => {
    // One seed for the checks below (a run takes tens of seconds on a loaded machine).
    let output = '';
    beforeAll(async () => {
      await setUp();
      const run = await seed();
      output = run.stdout;
      expect({ code: run.code, errors: run.stderr.split('\n').filter((l) => l.includes('ERROR')) }).toEqual({
        code: 0,
        errors: [],
      });
    });
    afterAll(tearDown);

    it('sends a distinct Idempotency-Key with every record it creates', async () => {
      const keys = gateway.posts.map((p) => p.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const key of keys) expect(key).toMatch(/^demo-seed-[0-9a-f-]{36}-[a-z0-9-]+$/);
      const named = (name: string) => keys.filter((k) => k?.endsWith(`-${name}`));
      for (const name of [
        'client-ada',
        'client-sam',
        'intake-ada',
        'client-marta',
        'intake-marta',
        'client-noor',
        'intake-noor',
        'clearance-noor',
      ])
        expect(named(name)).toHaveLength(1);
    });

    it('seeds the screening demo: Marta with one restriction of each kind, Noor with a clearance the manager records', async () => {
      const marta = gateway.postsTo('/intakes').find((p) => p.key?.endsWith('-intake-marta'));
      const answers = sentBody<{ answers?: Record<string, unknown> }>(marta).answers;
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
      const downtownDesk = gateway.posts.filter(
        (p) =>
          /^\/v1\/locations\/downtown\/(clients|appointments)/.test(p.path) &&
          !/\/(plans|sessions)\//.test(`${p.path}/`) &&
          p !== clearance,
      );
      expect(downtownDesk.every((p) => p.authorization === 'Bearer test-token')).toBe(true);
    });

    it('opens downtown (Toronto) and soho (London) as hq-admin before registering any client, with rooms, a catalogue and therapists', async () => {
      const opened = gateway.postsTo('/v1/locations');
      expect(
        opened.map((p) => [
          sentBody<{ code: string }>(p).code,
          sentBody<{ timeZone: string }>(p).timeZone,
          p.authorization,
        ]),
      ).toEqual([
        ['downtown', 'America/Toronto', 'Bearer hq-token'],
        ['soho', 'Europe/London', 'Bearer hq-token'],
      ]);
      const firstClient = gateway.requests.findIndex((r) => r.path.endsWith('/clients'));
      expect(gateway.requests.indexOf(opened[1] as Request)).toBeLessThan(firstClient);

      for (const code of ['downtown', 'soho']) {
        const at = gateway.locations.get(code);
        expect(at?.rooms.some((r) => r.equipment.includes('prenatal-table'))).toBe(true);
        expect(at?.services.length).toBeGreaterThanOrEqual(3);
      }
      // Jordan's licence runs out within 30 days; Alex is not certified in deep tissue, which downtown offers.
      const therapists = gateway
        .postsTo('/therapists')
        .map((p) => sentBody<{ subject: string; licence: { expiresOn: string } }>(p));
      const jordan = therapists.find((t) => t.subject === 'demo-therapist-jordan');
      const jordanUntil = jordan?.licence.expiresOn ?? '';
      expect(jordanUntil > utcDay(0) && jordanUntil <= utcDay(30)).toBe(true);
      expect(
        therapists.filter((t) => t.subject !== 'demo-therapist-jordan').every((t) => t.licence.expiresOn > utcDay(60)),
      ).toBe(true);
      expect(gateway.locations.get('downtown')?.services.some((s) => s.techniques.includes('deep-tissue'))).toBe(true);
      const alex = gateway.postsTo('/therapists').findIndex((p) => p.body.includes('demo-therapist-alex'));
      const certificationsOf = (n: number) => {
        const registered = gateway.requests.indexOf(gateway.postsTo('/therapists')[n] as Request);
        const next = gateway.requests.indexOf(gateway.postsTo('/therapists')[n + 1] as Request);
        return gateway.requests
          .slice(registered, next === -1 ? undefined : next)
          .filter((r) => r.method === 'PUT' && r.path.includes('/certifications/'))
          .map((r) => r.path.split('/').pop());
      };
      expect(certificationsOf(alex)).toEqual(['swedish']);
      expect(gateway.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/shifts'))).toHaveLength(5);
    });

    it('books a week from tomorrow at both locations, at the planned local times, never on a Sunday', async () => {
      const bookings = gateway.postsTo('/appointments');
      expect(bookings.length).toBeGreaterThanOrEqual(20);
      const zone = (p: Request) => (p.path.startsWith('/v1/locations/soho/') ? 'Europe/London' : 'America/Toronto');
      const local = bookings.map((p) => ({
        ...localAt(sentBody<{ startsAt: string }>(p).startsAt, zone(p)),
        key: p.key ?? '',
        location: zone(p),
        authorization: p.authorization,
      }));
      for (const b of local) {
        expect(b.date >= utcDay(1) && b.date <= utcDay(7)).toBe(true);
        expect(b.weekday).not.toBe(7);
        // The key names the local date and time it was booked for (…-booking-<date>-<location>-<therapist>-<hhmm>).
        expect(b.key).toContain(`-booking-${b.date}-`);
        expect(b.key.endsWith(b.time.replace(':', ''))).toBe(true);
      }
      expect(new Set(local.map((b) => b.location))).toEqual(new Set(['America/Toronto', 'Europe/London']));
      expect(
        local.filter((b) => b.location === 'Europe/London').every((b) => b.authorization === 'Bearer soho-token'),
      ).toBe(true);
      expect(
        bookings.every(
          (p) =>
            Object.keys(sentBody<object>(p)).sort().join() ===
            'clientId,focusRegions,pressure,serviceId,startsAt,techniques,therapistId',
        ),
      ).toBe(true);
    });

    it('gives Lena, booked in the week, a mobile number beside her e-mail, and says where her messages are', async () => {
      const registrations = gateway.postsTo('/clients').map((p) => sentBody<{ givenName: string; email?: string; phone?: string; preferredChannel: string }>(p));
      const lena = registrations.find((c) => c.givenName === 'Lena');
      expect(lena).toMatchObject({ email: 'lena@example.com', phone: '+14165550142', preferredChannel: 'email' });
      // Only Lena and Sam (SMS only, no intake) have a phone.
      expect(registrations.filter((c) => c.phone !== undefined).map((c) => c.givenName).sort()).toEqual(['Lena', 'Sam']);
      const lenaId = gateway.requests.find((r) => r.method === 'POST' && r.key?.endsWith('-intake-lena'))?.path.split('/')[5];
      expect(gateway.postsTo('/appointments').some((p) => sentBody<{ clientId: string }>(p).clientId === lenaId)).toBe(true);
      expect(output).toContain(`/v1/locations/downtown/clients/${lenaId}/messages`);
      expect(output).toMatch(/http:\/\/127\.0\.0\.1:\d+\/ +http:\/\/127\.0\.0\.1:\d+\//);
    });

    it('seeds Ines with a plan by Priya and three signed sessions whose pain falls; the fourth is checked in, its note a draft', async () => {
      const plans = gateway.postsTo('/plans');
      expect(plans.map((p) => p.authorization)).toEqual(['Bearer therapist-token']);
      expect(sentBody<{ goals: unknown[] }>(plans[0]).goals).toHaveLength(3);
      const ines = plans[0]?.path.split('/')[5];
      const sessions = gateway.postsTo('/appointments').filter((p) => sentBody<{ clientId: string }>(p).clientId === ines);
      expect(sessions).toHaveLength(4);
      expect(sessions.every((p) => p.key?.endsWith('-downtown-priya-1230'))).toBe(true);
      const checkIns = gateway.postsTo('/check-in');
      expect(checkIns).toHaveLength(4);
      expect(checkIns.every((p) => p.authorization === 'Bearer test-token')).toBe(true);
      // Notes written and signed by Priya, the neck's pain before falling session after session.
      const notes = gateway.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/note'));
      expect(notes.every((r) => r.authorization === 'Bearer therapist-token')).toBe(true);
      expect(notes.map((r) => sentBody<{ pain: { region: string; before: number; after: number }[] }>(r).pain)).toEqual([
        [{ region: 'neck', before: 7, after: 4 }],
        [{ region: 'neck', before: 5, after: 3 }],
        [{ region: 'neck', before: 3, after: 1 }],
      ]);
      const signs = gateway.postsTo('/note/sign');
      expect(signs).toHaveLength(3);
      expect(signs.every((p) => p.authorization === 'Bearer therapist-token')).toBe(true);
      expect([...gateway.checkedIn].filter((id) => !gateway.signed.has(id))).toHaveLength(1);
    });
  });

  describe('waits, refusals and a wiped database', () => {
    beforeEach(setUp);
    afterEach(tearDown);

    it('waits while intake has not heard of the location and scheduling not of a screening, and goes on past a refused booking', async () => {
      gateway.unknownLocationAnswers = 2;
      gateway.screeningPendingAnswers = 2;
      gateway.refuseBookingsMatching = /-downtown-jordan-1400$/;
      const run = await seed();
      expect(run.code).toBe(0);
      // The same request again each time: the first client's registration three times, the first booking three times.
      const [first, second, third] = gateway.postsTo('/clients');
      expect([second?.key, third?.key]).toEqual([first?.key, first?.key]);
      expect(third?.body).toBe(first?.body);
      const [b1, b2, b3] = gateway.postsTo('/appointments');
      expect([b2?.key, b3?.key]).toEqual([b1?.key, b1?.key]);
      expect(run.stderr).toMatch(/refused: licence-expired/);
      expect(run.stderr).toMatch(/demo bookings: \d+ booked, [1-9]\d* refused/);
    });

    it('creates again a record the gateway no longer has (a wiped database)', async () => {
      expect((await seed()).code).toBe(0);
      const clients = gateway.postsTo('/clients').length;
      gateway.wipe();
      expect((await seed()).code).toBe(0);
      expect(gateway.postsTo('/clients')).toHaveLength(2 * clients);
      expect(gateway.postsTo('/v1/locations')).toHaveLength(4);
    });
  });
});
