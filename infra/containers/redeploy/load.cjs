// Steady load through the gateway for the one-service redeploy test (scripts/containers-redeploy-test.sh).
// First HQ (HQ_TOKEN) opens LOCATION in scheduling, and the first registration is sent again (same
// Idempotency-Key) until intake accepts the code — intake refuses codes scheduling never opened (404
// unknown-location) and learns them from scheduling.locations.v1 (ADR 0014) — at most LOCATION_WAIT_MS;
// then READY_FILE is written. From then it registers clients at RATE per second until the file STOP_FILE
// exists, each POST with its own Idempotency-Key and retried with the same key (as a client would) on a
// network error or a 5xx, up to RETRIES times; a 429 waits its Retry-After and sends again (not a retry). Then counts ClientRegistered events on intake.events.v1 per
// created client (waiting up to EVENT_WAIT_MS for stragglers: the outbox relay fails over to the new replica).
// Prints one JSON line with the figures; exits 1 when a request failed or an event was lost or doubled.
const { randomUUID } = require('node:crypto');
const { existsSync, writeFileSync } = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');

const env = (name, fallback) => process.env[name] ?? fallback;
const gateway = env('GATEWAY_URL');
const token = env('TOKEN');
const hqToken = env('HQ_TOKEN');
const location = env('LOCATION');
const readyFile = env('READY_FILE');
const locationWaitMs = Number(env('LOCATION_WAIT_MS', '60000'));
const brokers = [env('KAFKA_BROKERS')];
const stopFile = env('STOP_FILE');
const rate = Number(env('RATE', '10'));
const retries = Number(env('RETRIES', '10'));
const eventWaitMs = Number(env('EVENT_WAIT_MS', '90000'));
const MAX_THROTTLED = 60;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const post = (path, bearer, body, key) =>
  fetch(`${gateway}/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': key },
    body,
    signal: AbortSignal.timeout(10_000),
  });
const registration = (i, key) => JSON.stringify({ givenName: 'Load', familyName: `Client ${i}`, email: `load-${i}-${key.slice(0, 8)}@example.com`, preferredChannel: 'email', dateOfBirth: '1980-01-01' });

// HQ opens the location (retried with the same key on a network error or a 5xx: scheduling answers the first response).
async function openLocation() {
  const openingHours = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, windows: [{ from: '09:00', to: '17:00' }] }));
  const body = JSON.stringify({ code: location, name: 'Redeploy test', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openingHours });
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const res = await post('/locations', hqToken, body, key).catch((error) => ({ status: 0, text: async () => String(error.cause?.code ?? error) }));
    if (res.status === 201) return;
    if ((res.status !== 0 && res.status < 500) || attempt >= retries) throw new Error(`opening location ${location}: HTTP ${res.status}: ${await res.text()}`);
    await sleep(250 * (attempt + 1));
  }
}

// The first client, sent again with the same key while intake has not heard of the location yet (it stores nothing
// when it refuses); its id, once intake accepts it. How long that took is a figure of its own.
async function untilIntakeKnowsLocation(figures) {
  const started = Date.now();
  const key = randomUUID();
  const body = registration('first', key);
  for (;;) {
    const res = await post(`/locations/${location}/clients`, token, body, key).catch(() => undefined);
    if (res?.status === 201) {
      figures.locationKnownAfterMs = Date.now() - started;
      return (await res.json()).id;
    }
    const answer = res ? await res.text() : 'no answer';
    const unknownLocation = res?.status === 404 && /unknown-location/.test(answer);
    if ((res && !unknownLocation && res.status < 500) || Date.now() - started > locationWaitMs) {
      throw new Error(`intake did not accept location ${location} within ${locationWaitMs} ms: HTTP ${res?.status}: ${answer}`);
    }
    await sleep(500);
  }
}

async function register(i, figures) {
  const key = randomUUID();
  const body = registration(i, key);
  let throttled = 0;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      figures.retries++;
      await sleep(250 * attempt);
    }
    try {
      const res = await post(`/locations/${location}/clients`, token, body, key);
      if (res.status === 201) {
        if (attempt > 0) figures.retriedOk++;
        return (await res.json()).id;
      }
      // The gateway's rate limit (300 a minute per token) counts the retries of the swap's 502s too; a client
      // waits the Retry-After it is given and sends again, which is not a failure nor one of its retries.
      if (res.status === 429 && throttled < MAX_THROTTLED) {
        throttled++;
        figures.throttled++;
        await sleep(1000 * Math.max(1, Number(res.headers.get('retry-after')) || 1));
        attempt--;
        continue;
      }
      if (res.status < 500) throw Object.assign(new Error(`HTTP ${res.status}: ${await res.text()}`), { permanent: true });
      figures.errors[`HTTP ${res.status}`] = (figures.errors[`HTTP ${res.status}`] ?? 0) + 1;
    } catch (error) {
      if (error.permanent) {
        figures.errors[error.message.slice(0, 80)] = (figures.errors[error.message.slice(0, 80)] ?? 0) + 1;
        return undefined;
      }
      const name = error.cause?.code ?? error.name;
      figures.errors[name] = (figures.errors[name] ?? 0) + 1;
    }
  }
  return undefined;
}

async function main() {
  const figures = { locationKnownAfterMs: 0, sent: 0, created: 0, failed: 0, retries: 0, retriedOk: 0, throttled: 0, errors: {}, eventsLost: 0, eventsDuplicated: 0, seconds: 0 };
  await openLocation();
  const first = await untilIntakeKnowsLocation(figures);
  figures.sent++;
  writeFileSync(readyFile, '');
  const started = Date.now();
  const ids = [first];
  const inflight = [];
  for (let i = 0; !existsSync(stopFile); i++) {
    figures.sent++;
    inflight.push(register(i, figures).then((id) => (id ? ids.push(id) : figures.failed++)));
    await sleep(1000 / rate);
  }
  await Promise.all(inflight);
  figures.created = ids.length;
  figures.seconds = Math.round((Date.now() - started) / 1000);

  // Every created client's ClientRegistered, counted once per event id.
  const wanted = new Set(ids);
  const seen = new Map();
  const kafka = new Kafka({ clientId: 'redeploy-check', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `redeploy-check-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: 'intake.events.v1', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const type = message.headers?.ce_type?.toString() ?? '';
      const key = message.key?.toString() ?? '';
      if (type.includes('ClientRegistered') && wanted.has(key)) seen.set(key, (seen.get(key) ?? 0) + 1);
    },
  });
  const deadline = Date.now() + eventWaitMs;
  while (Date.now() < deadline && ids.some((id) => !seen.has(id))) await sleep(500);
  await sleep(3000); // a late duplicate would arrive right behind the originals
  await consumer.disconnect();
  figures.eventsLost = ids.filter((id) => !seen.has(id)).length;
  figures.eventsDuplicated = [...seen.values()].filter((n) => n > 1).length;
  console.log(JSON.stringify(figures));
  process.exit(figures.failed || figures.eventsLost || figures.eventsDuplicated ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
