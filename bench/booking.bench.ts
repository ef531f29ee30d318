/**
 * Booking benchmark (see bench/README.md, "Booking"). One run, same PostgreSQL, same concurrency:
 *  1. throughput: bookings per second through the gateway (the built gateway in front of the built scheduling
 *     service, each its own process), the same bookings sent to the scheduling service directly (signed like the
 *     gateway signs), the architecture's floor (bench/booking-floor.ts: a bare node:http proxy in front of a bare
 *     node:http service committing pgbench's transaction for each body, on its own database), and `pgbench`
 *     running the SQL a booking commits (bench/booking-pgbench.ts) on its own database; alternating repetitions,
 *     every booking non-conflicting and carrying its own Idempotency-Key;
 *  2. latency through the gateway at half the gateway's measured rate (open loop: requests leave on a fixed
 *     schedule, timed from the moment they were due);
 *  3. availability search through the gateway for the location's 20 therapists once its first month holds
 *     ~70 % of its slots booked: one day, one week and the whole month per search.
 * Settings: BENCH_BOOKING_CONCURRENCY, BENCH_BOOKING_SECONDS, BENCH_BOOKING_REPS, BENCH_BOOKING_WARMUP_SECONDS,
 * BENCH_BOOKING_LATENCY_SECONDS, BENCH_SEARCH_N, KAFKA_BROKERS, PG*. Run it through bench/run.sh (it builds the
 * bundles first).
 */
import { randomUUID } from 'node:crypto';
import { SCHEDULING_CONSUMER_GROUP } from '@massage/contracts';
import { brokersFromEnv, createKafka } from '@massage/messaging';
import { SCHEDULING_ROUTES, type AvailabilityResponse } from '@massage/scheduling-api';
import { logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import {
  adminSql,
  distribution,
  dropRunLeftovers,
  environment,
  envNumber,
  fmt,
  load1m,
  machineBusyMs,
  processesCpuMs,
  median,
  pg,
  runId,
  runMain,
  waitFor,
  writeResult,
  type Distribution,
} from './bench-support';
import { addDays } from '@massage/scheduling-domain';
import {
  benchLocationCode,
  BUFFER_MINUTES,
  MONTH_DAYS,
  MONTH_OCCUPANCY,
  openBenchLocation,
  SERVICE_MINUTES,
  SlotPlan,
  THERAPISTS,
  type BenchCalendar,
} from './booking-calendar';
import {
  bookedRows,
  bookingScript,
  createPgbenchDatabase,
  findPgbench,
  runPgbench,
  type PgbenchResult,
} from './booking-pgbench';
import { BookingFloor, FLOOR_POOL_SIZE } from './booking-floor';
import { BookingStack, bundlesBuiltAt, type HttpCaller } from './booking-stack';

const CONCURRENCY = envNumber('BENCH_BOOKING_CONCURRENCY', 8);
const SECONDS = envNumber('BENCH_BOOKING_SECONDS', 10);
const REPS = envNumber('BENCH_BOOKING_REPS', 3);
const WARMUP_SECONDS = envNumber('BENCH_BOOKING_WARMUP_SECONDS', 3);
const LATENCY_SECONDS = envNumber('BENCH_BOOKING_LATENCY_SECONDS', 20);
const SEARCH_N = envNumber('BENCH_SEARCH_N', 100);

const schedulingDb = `bench_booking_${runId}`;
const pgbenchDb = `bench_booking_pg_${runId}`;
const floorDb = `bench_booking_floor_${runId}`;
/** The scheduling consumer group of this run (bench/run.sh drops it with the run). */
const BENCH_GROUP = `bench.scheduling.${runId}`;
const path = (template: string, locationId: string) => template.replace(':locationId', locationId);

/** Where the bookings of one closed-loop run went. */
interface LoadOutcome {
  booked: number;
  seconds: number;
  rate: number;
  /** Answers other than 201, by status and problem type (none expected: every slot is free). */
  refused: Record<string, number>;
  latency: Distribution;
  /** CPU time per booking of each process (ms), whatever the machine's load: what the work costs. */
  cpuMsPerBooking: Record<string, number>;
}

/** A pgbench run with the machine's busy CPU and PostgreSQL's per transaction meanwhile. */
type PgbenchCpu = PgbenchResult & { machineMsPerBooking: number; postgresMsPerBooking: number };

/** CPU time used so far by each measured process (ms). */
type CpuSampler = () => Record<string, number>;

/** CPU time so far (ms) of what every path shares: this process (the bench client), PostgreSQL, Kafka, the machine. */
function sharedCpuMs(): Record<string, number> {
  const bench = process.cpuUsage();
  return {
    bench: (bench.user + bench.system) / 1000,
    postgres: processesCpuMs(/^postgres$/),
    kafka: processesCpuMs(/^java$/),
    machine: machineBusyMs(),
  };
}

/** Answers other than 201 of some runs, summed by status and problem type. */
function refusedIn(outcomes: LoadOutcome[]): Map<string, number> {
  const counted = new Map<string, number>();
  for (const [what, n] of outcomes.flatMap((o) => Object.entries(o.refused)))
    counted.set(what, (counted.get(what) ?? 0) + n);
  return counted;
}

function cpuPerBooking(
  before: Record<string, number>,
  after: Record<string, number>,
  booked: number,
): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after).map((k) => [
      k,
      Number((((after[k] ?? NaN) - (before[k] ?? NaN)) / Math.max(1, booked)).toFixed(1)),
    ]),
  );
}

class BookingLoad {
  private next = 0;

  constructor(
    private readonly plan: SlotPlan,
    private readonly cpu: CpuSampler,
  ) {}

  get slotsUsed(): number {
    return this.next;
  }

  /** CONCURRENCY callers, each booking the next free slot as soon as its last answer came, for SECONDS. */
  async closedLoop(
    caller: HttpCaller,
    seconds: number,
    concurrency = CONCURRENCY,
    until?: () => boolean,
  ): Promise<LoadOutcome> {
    const deadline = performance.now() + seconds * 1000;
    const latencies: number[] = [];
    const refused: Record<string, number> = {};
    const worker = async () => {
      while (performance.now() < deadline && !(until?.() ?? false)) {
        const sent = performance.now();
        const status = await this.bookOne(caller, refused);
        if (status === 201) latencies.push(performance.now() - sent);
      }
    };
    const cpu = this.cpu();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = (performance.now() - t0) / 1000;
    return {
      booked: latencies.length,
      seconds: elapsed,
      rate: latencies.length / elapsed,
      refused,
      latency: rounded(distribution(latencies)),
      cpuMsPerBooking: cpuPerBooking(cpu, this.cpu(), latencies.length),
    };
  }

  /** Bookings leaving every 1/rate s for SECONDS whatever the answers; latency from when each was due. */
  async openLoop(
    caller: HttpCaller,
    rate: number,
    seconds: number,
  ): Promise<LoadOutcome & { offeredRate: number; lateStartP99Ms: number }> {
    const total = Math.max(1, Math.round(rate * seconds));
    const interval = 1000 / rate;
    const latencies: number[] = [];
    const lateStarts: number[] = [];
    const refused: Record<string, number> = {};
    const inFlight: Promise<void>[] = [];
    const cpu = this.cpu();
    const start = performance.now() + 20;
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      lateStarts.push(performance.now() - due);
      inFlight.push(
        this.bookOne(caller, refused).then((status) => {
          if (status === 201) latencies.push(performance.now() - due);
        }),
      );
    }
    const offeredSeconds = (performance.now() - start) / 1000;
    await Promise.all(inFlight);
    const elapsed = (performance.now() - start) / 1000;
    return {
      booked: latencies.length,
      seconds: elapsed,
      rate: latencies.length / elapsed,
      offeredRate: total / offeredSeconds,
      refused,
      latency: rounded(distribution(latencies)),
      cpuMsPerBooking: cpuPerBooking(cpu, this.cpu(), latencies.length),
      lateStartP99Ms: rounded(distribution(lateStarts)).p99,
    };
  }

  private async bookOne(caller: HttpCaller, refused: Record<string, number>): Promise<number> {
    const n = this.next++;
    const answer = await caller
      .send<{ type?: string }>(
        'POST',
        path(SCHEDULING_ROUTES.appointments, this.plan.calendar.locationId),
        this.plan.booking(n),
        randomUUID(),
      )
      .catch((e: unknown) => ({
        status: 0,
        body: { type: e instanceof Error ? e.message : String(e) },
      }));
    if (answer.status !== 201) {
      const what = `${answer.status} ${answer.body?.type ?? ''}`.trim();
      refused[what] = (refused[what] ?? 0) + 1;
    }
    return answer.status;
  }
}

function rounded(d: Distribution): Distribution {
  const r = (x: number) => Number(x.toFixed(1));
  return { p50: r(d.p50), p95: r(d.p95), p99: r(d.p99), max: r(d.max), mean: r(d.mean) };
}

/** Waits until this run's projection consumer has read intake's topic to its end (it starts from the beginning). */
async function projectionCaughtUp(admin: Admin, groupId: string): Promise<void> {
  const lag = async (): Promise<number> => {
    let behind = 0;
    for (const topic of SCHEDULING_CONSUMER_GROUP.topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      for (const end of ends) {
        const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        behind += Number(end.high) - Math.max(Number(end.low), Number(at));
      }
    }
    return behind;
  };
  await waitFor(
    'the bench scheduling consumer to read intake.events.v1 to its end',
    async () => (await lag()) <= 0 || (await new Promise((r) => setTimeout(r, 500)), false),
    300_000,
  );
}

/**
 * Books the rest of the first month's planned slots (those the timed phases did not reach) with one INSERT into
 * the service's database: the searches read appointments only, and booking them through the gateway would take
 * minutes on a loaded machine. Returns how many rows it added.
 */
async function topUpMonth(plan: SlotPlan, from: number): Promise<number> {
  const rows = Array.from({ length: Math.max(0, plan.monthSlots - from) }, (_, i) => plan.booking(from + i));
  if (rows.length === 0) return 0;
  const c = new Client({ ...pg, database: schedulingDb });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO appointment (id, location_id, client_id, therapist_id, room_id, service_id, starts_at, ends_at, blocked_until, techniques, focus_regions, pressure, booked_at, booked_by, updated_at)
       SELECT gen_random_uuid(), $1, b.client_id, b.therapist_id, b.room_id, b.service_id, b.starts_at, b.starts_at + interval '${SERVICE_MINUTES} minutes', b.starts_at + interval '${SERVICE_MINUTES + BUFFER_MINUTES} minutes',
              ARRAY['swedish'], ARRAY['upper-back', 'neck'], 'P3', now(), 'bench-top-up', now()
         FROM json_to_recordset($2::json) AS b(client_id uuid, therapist_id uuid, room_id uuid, service_id uuid, starts_at timestamptz)`,
      [
        plan.calendar.locationId,
        JSON.stringify(
          rows.map((r) => ({
            client_id: r.clientId,
            therapist_id: r.therapistId,
            room_id: r.roomId,
            service_id: r.serviceId,
            starts_at: r.startsAt,
          })),
        ),
      ],
    );
    await c.query(`ANALYZE appointment`);
  } finally {
    await c.end();
  }
  return rows.length;
}

interface Search {
  label: string;
  days: number;
  searches: number;
  latency: Distribution;
  slotsPerAnswer: number;
  failures: number;
}

async function searchLatency(
  caller: HttpCaller,
  calendar: BenchCalendar,
  label: string,
  days: number,
  n: number,
): Promise<Search> {
  const latencies: number[] = [];
  let slots = 0;
  let failures = 0;
  for (let i = 0; i < n; i++) {
    const from = addDays(calendar.firstDay, Math.floor(Math.random() * (MONTH_DAYS - days + 1)));
    const query = new URLSearchParams({ serviceId: calendar.serviceId, from, to: addDays(from, days - 1) });
    const sent = performance.now();
    const answer = await caller.send<AvailabilityResponse>(
      'GET',
      `${path(SCHEDULING_ROUTES.availability, calendar.locationId)}?${query}`,
    );
    if (answer.status !== 200) {
      failures++;
      if (failures === 1)
        console.error(`search answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      continue;
    }
    latencies.push(performance.now() - sent);
    slots += answer.body.slots.length;
  }
  return {
    label,
    days,
    searches: n,
    latency: rounded(distribution(latencies)),
    slotsPerAnswer: Math.round(slots / Math.max(1, latencies.length)),
    failures,
  };
}

runMain(async () => {
  const bundles = bundlesBuiltAt(['scheduling', 'gateway']);
  const pgbench = findPgbench();
  const admin = createKafka({
    clientId: `bench-booking-${runId}`,
    brokers: brokersFromEnv(),
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  const stack = new BookingStack(schedulingDb, BENCH_GROUP);
  const floor = new BookingFloor(floorDb);
  const loads: { phase: string; load1m: number }[] = [];
  const mark = (phase: string) => loads.push({ phase, load1m: load1m() });
  try {
    mark('start');
    await adminSql(`CREATE DATABASE "${schedulingDb}"`);
    // The projection consumer's group is this run's, and so is its dead-letter topic (`<group>.dlq`, not in the catalogue).
    await admin.createTopics({ topics: [{ topic: `${BENCH_GROUP}.dlq`, numPartitions: 1 }], waitForLeaders: true });
    await stack.start();
    await projectionCaughtUp(admin, BENCH_GROUP);
    const locationId = benchLocationCode(runId);
    const calendar = await openBenchLocation((actor) => stack.direct(actor), schedulingDb, locationId);
    const plan = new SlotPlan(calendar);
    const load = new BookingLoad(plan, () => ({
      gateway: stack.gateway.cpuMs(),
      scheduling: stack.scheduling.cpuMs(),
      ...sharedCpuMs(),
    }));
    const gateway = stack.viaGateway(await stack.token('front-desk', locationId, `bench-desk@${locationId}`));
    const service = stack.direct({ subject: `bench-desk@${locationId}`, role: 'front-desk', locationId });
    console.error(
      `bench booking: location ${locationId} (${THERAPISTS} therapists and rooms), gateway ${stack.gateway.url}, scheduling ${stack.scheduling.url}; concurrency ${CONCURRENCY}`,
    );

    mark('warm-up');
    const warmGateway = await load.closedLoop(gateway, WARMUP_SECONDS);
    const warmService = await load.closedLoop(service, WARMUP_SECONDS);
    await createPgbenchDatabase(pgbenchDb, schedulingDb, calendar);
    // The floor books the same bodies from slot 0 on in its own database, its own count: the service's month stays as it was.
    await floor.start(schedulingDb, calendar);
    const floorLoad = new BookingLoad(new SlotPlan(calendar), () => ({ ...floor.cpuMs(), ...sharedCpuMs() }));
    const floorCaller = floor.caller();
    const warmFloor = await floorLoad.closedLoop(floorCaller, WARMUP_SECONDS);
    const script = bookingScript(calendar, { audit: false });
    const auditedScript = bookingScript(calendar, { audit: true });
    /** pgbench's run and the machine's busy CPU per transaction meanwhile (pgbench, PostgreSQL, the kernel). */
    const pgbenchRun = async (sql: string): Promise<PgbenchCpu> => {
      const busy = machineBusyMs();
      const server = processesCpuMs(/^postgres$/);
      const result = await runPgbench(pgbench, pgbenchDb, sql, CONCURRENCY, SECONDS);
      const per = (ms: number) => Number((ms / Math.max(1, result.transactions)).toFixed(2));
      // pgbench itself has exited by now: its CPU is in the machine's, not in PostgreSQL's.
      return {
        ...result,
        machineMsPerBooking: per(machineBusyMs() - busy),
        postgresMsPerBooking: per(processesCpuMs(/^postgres$/) - server),
      };
    };
    const warmPgbench = await runPgbench(pgbench, pgbenchDb, script, CONCURRENCY, WARMUP_SECONDS);
    await runPgbench(pgbench, pgbenchDb, auditedScript, CONCURRENCY, WARMUP_SECONDS);
    console.error(
      `warm-up: gateway ${fmt(warmGateway.rate)}/s, service ${fmt(warmService.rate)}/s, floor ${fmt(warmFloor.rate)}/s, pgbench ${fmt(warmPgbench.tps)}/s`,
    );

    const reps: {
      gateway: LoadOutcome;
      service: LoadOutcome;
      floor: LoadOutcome;
      pgbench: PgbenchCpu;
      pgbenchAudited: PgbenchCpu;
      load1m: number;
    }[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const viaGateway = await load.closedLoop(gateway, SECONDS);
      const direct = await load.closedLoop(service, SECONDS);
      const plain = await pgbenchRun(script);
      const audited = await pgbenchRun(auditedScript);
      // Last, so that the other paths follow one another as they did before the floor was measured.
      const bare = await floorLoad.closedLoop(floorCaller, SECONDS);
      reps.push({
        gateway: viaGateway,
        service: direct,
        floor: bare,
        pgbench: plain,
        pgbenchAudited: audited,
        load1m: load1m(),
      });
      console.error(
        `rep ${rep + 1}/${REPS}: gateway ${fmt(viaGateway.rate)}/s, service ${fmt(direct.rate)}/s, floor ${fmt(bare.rate)}/s, pgbench ${fmt(plain.tps)}/s, pgbench with the audit record ${fmt(audited.tps)}/s (load ${load1m()})`,
      );
    }
    mark('throughput done');
    const gatewayRate = median(reps.map((r) => r.gateway.rate));
    const serviceRate = median(reps.map((r) => r.service.rate));
    const floorRate = median(reps.map((r) => r.floor.rate));
    const pgbenchRate = median(reps.map((r) => r.pgbench.tps));
    const pgbenchAuditedRate = median(reps.map((r) => r.pgbenchAudited.tps));

    const cpuMedian = (path: 'gateway' | 'service' | 'floor', process: string) =>
      median(reps.map((r) => r[path].cpuMsPerBooking[process] ?? NaN));
    /** The machine's CPU per booking on PATH split into PROCESSES' and the rest (kernel, other processes). */
    const whereItGoes = (path: 'gateway' | 'floor', processes: string[]) => {
      const rest = cpuMedian(path, 'machine') - processes.reduce((sum, p) => sum + cpuMedian(path, p), 0);
      return `${processes.map((p) => cpuMedian(path, p)).join(' / ')} / ${rest.toFixed(1)} ms`;
    };

    const halfRate = gatewayRate / 2;
    const latency = await load.openLoop(gateway, halfRate, LATENCY_SECONDS);
    mark('latency done');
    console.error(`latency at ${fmt(halfRate)}/s: p50 ${latency.latency.p50} ms, p99 ${latency.latency.p99} ms`);

    // The first month to its planned occupancy, then the searches.
    const toppedUp = await topUpMonth(plan, load.slotsUsed);
    const searches = [
      await searchLatency(gateway, calendar, 'one day', 1, SEARCH_N),
      await searchLatency(gateway, calendar, 'one week', 7, SEARCH_N),
      await searchLatency(
        gateway,
        calendar,
        `the month (${MONTH_DAYS} days)`,
        MONTH_DAYS,
        Math.max(10, Math.round(SEARCH_N / 4)),
      ),
    ];
    mark('search done');

    const serviceRows = await bookedRows(schedulingDb);
    const pgbenchRows = await bookedRows(pgbenchDb);
    const floorRows = await bookedRows(floorDb);
    const floorAnswered201 = warmFloor.booked + reps.reduce((n, r) => n + r.floor.booked, 0);
    const answered201 =
      warmGateway.booked +
      warmService.booked +
      reps.reduce((n, r) => n + r.gateway.booked + r.service.booked, 0) +
      latency.booked;
    const ratio = gatewayRate / pgbenchRate;

    // A 502 is the gateway giving up on scheduling after SCHEDULING_TIMEOUT_MS (5 s); the booking may still commit.
    const counted = refusedIn([warmGateway, warmService, ...reps.flatMap((r) => [r.gateway, r.service]), latency]);
    const floorRefused = refusedIn([warmFloor, ...reps.map((r) => r.floor)]);
    const row = (what: string, value: string, target = '') => `| ${what} | ${value} | ${target} |`;
    const lines = [
      `| booking (concurrency ${CONCURRENCY}, ${REPS} × ${SECONDS} s each, alternating) | value | target |`,
      '|---|---|---|',
      row('pgbench: INSERT + outbox row + NOTIFY, one transaction (median)', `${fmt(pgbenchRate)} bookings/s`),
      row(
        'pgbench, the same plus the audit record and its sealing-queue entry, as AuditTrail writes them (median)',
        `${fmt(pgbenchAuditedRate)} bookings/s`,
      ),
      row('scheduling service directly (median)', `${fmt(serviceRate)} bookings/s`),
      row('through the gateway (median)', `${fmt(gatewayRate)} bookings/s`),
      row('gateway / pgbench', `**${ratio.toFixed(2)}**`, '≥ 0.5'),
      row('service / pgbench', (serviceRate / pgbenchRate).toFixed(2)),
      row('gateway / pgbench with the audit row', (gatewayRate / pgbenchAuditedRate).toFixed(2)),
      row(
        `floor: a bare node:http proxy → a bare node:http service → pg.Pool (max ${FLOOR_POOL_SIZE}) committing pgbench's transaction from each body; no checks, auth, framework or Kafka (median)`,
        `${fmt(floorRate)} bookings/s`,
      ),
      row('floor / pgbench: what the architecture itself reaches', `**${(floorRate / pgbenchRate).toFixed(2)}**`),
      row('gateway / floor', (gatewayRate / floorRate).toFixed(2)),
      row(
        'CPU per booking through the gateway: gateway / scheduling / bench client (median)',
        `${cpuMedian('gateway', 'gateway')} / ${cpuMedian('gateway', 'scheduling')} / ${cpuMedian('gateway', 'bench')} ms`,
      ),
      row(
        'CPU per booking sent directly: scheduling / bench client (median)',
        `${cpuMedian('service', 'scheduling')} / ${cpuMedian('service', 'bench')} ms`,
      ),
      row(
        'machine CPU per booking, all cores, everything running (kernel, PostgreSQL, Kafka included): through the gateway / directly / pgbench / pgbench with the audit record (median)',
        `${cpuMedian('gateway', 'machine')} / ${cpuMedian('service', 'machine')} / ${median(reps.map((r) => r.pgbench.machineMsPerBooking))} / ${median(reps.map((r) => r.pgbenchAudited.machineMsPerBooking))} ms`,
      ),
      row(
        'where it goes through the gateway: gateway / scheduling / bench client / PostgreSQL / Kafka broker / the rest (kernel, other processes) (median)',
        whereItGoes('gateway', ['gateway', 'scheduling', 'bench', 'postgres', 'kafka']),
      ),
      row(
        'where it goes with pgbench: PostgreSQL / the rest (pgbench, kernel, other processes) (median)',
        `${median(reps.map((r) => r.pgbench.postgresMsPerBooking))} / ${(median(reps.map((r) => r.pgbench.machineMsPerBooking)) - median(reps.map((r) => r.pgbench.postgresMsPerBooking))).toFixed(2)} ms`,
      ),
      row(
        'machine CPU per booking on the floor, all cores, everything running (median)',
        `${cpuMedian('floor', 'machine')} ms`,
      ),
      row(
        'where it goes on the floor: proxy / service / bench client / PostgreSQL / Kafka broker (idle) / the rest (kernel, other processes) (median)',
        whereItGoes('floor', ['proxy', 'service', 'bench', 'postgres', 'kafka']),
      ),
      row(
        'pgbench / floor machine CPU per booking',
        (median(reps.map((r) => r.pgbench.machineMsPerBooking)) / cpuMedian('floor', 'machine')).toFixed(2),
      ),
      row(
        'pgbench / gateway machine CPU per booking: the ratio a CPU-bound machine allows',
        (median(reps.map((r) => r.pgbench.machineMsPerBooking)) / cpuMedian('gateway', 'machine')).toFixed(2),
      ),
      row(
        `gateway latency at ${fmt(halfRate)}/s (half its rate; ${latency.booked} bookings, open loop): p50 / p95 / p99 / max`,
        `${latency.latency.p50} / ${latency.latency.p95} / **${latency.latency.p99}** / ${latency.latency.max} ms`,
      ),
      row(
        'answers other than 201 (every slot is free: none expected)',
        counted.size === 0 ? 'none' : [...counted].map(([what, n]) => `${n} × ${what}`).join(', '),
      ),
      row(
        'floor answers other than 201 (none expected)',
        floorRefused.size === 0 ? 'none' : [...floorRefused].map(([what, n]) => `${n} × ${what}`).join(', '),
      ),
      ...searches.map((s) =>
        row(
          `availability search, ${s.label} (${THERAPISTS} therapists, month ${Math.round(MONTH_OCCUPANCY * 100)} % booked; ${s.searches} searches, ~${s.slotsPerAnswer} slots each): p50 / p99`,
          `${s.latency.p50} / **${s.latency.p99}** ms`,
        ),
      ),
    ];
    console.log(lines.join('\n'));
    if (counted.size > 0) console.error(`answers other than 201 (none expected): ${JSON.stringify([...counted])}`);
    if (serviceRows.appointments !== answered201 + toppedUp)
      console.error(
        `scheduling holds ${serviceRows.appointments} appointments for ${answered201} answers 201 and ${toppedUp} rows added`,
      );
    if (floorRows.appointments !== floorAnswered201 || floorRows.events !== floorAnswered201)
      console.error(
        `the floor's database holds ${floorRows.appointments} appointments and ${floorRows.events} outbox rows for ${floorAnswered201} answers 201`,
      );

    writeResult('booking', {
      runId,
      at: new Date().toISOString(),
      settings: {
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        reps: REPS,
        warmupSeconds: WARMUP_SECONDS,
        latencySeconds: LATENCY_SECONDS,
        searchN: SEARCH_N,
        therapists: THERAPISTS,
        pgbench: `${pgbench} -M extended -c ${CONCURRENCY} -j ${Math.min(CONCURRENCY, 2)}`,
        floor: `node:http proxy (keep-alive agent) → node:http service, pg.Pool max ${FLOOR_POOL_SIZE}`,
      },
      environment: { ...environment(brokersFromEnv()), bundles },
      load1m: loads,
      throughput: {
        gatewayRate,
        serviceRate,
        floorRate,
        pgbenchRate,
        pgbenchAuditedRate,
        ratio,
        floorRatio: floorRate / pgbenchRate,
        reps,
        warmUp: { gateway: warmGateway, service: warmService, floor: warmFloor, pgbench: warmPgbench },
      },
      latencyAtHalfRate: { targetRate: halfRate, ...latency },
      search: { monthSlotsBooked: plan.monthSlots, addedBySql: toppedUp, searches },
      rows: { scheduling: serviceRows, answered201, pgbench: pgbenchRows, floor: floorRows, floorAnswered201 },
      pgbenchScripts: { booking: script, bookingWithAudit: auditedScript },
      floorStatements: floor.statements,
    });
  } finally {
    await floor.stop().catch((e: unknown) => console.error(e));
    await stack.stop().catch((e: unknown) => console.error(e));
    const dropped = await dropRunLeftovers(admin).catch((e: unknown) => [`(cleanup failed: ${String(e)})`]);
    console.error(`bench booking: dropped ${dropped.join(', ') || 'nothing'}`);
    await admin.disconnect();
  }
});
