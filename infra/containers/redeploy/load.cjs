// Steady load through the gateway for the one-service redeploy test (scripts/containers-redeploy-test.sh):
// registers clients at RATE per second until the file STOP_FILE exists, each POST with its own
// Idempotency-Key and retried with the same key (as a client would) on a network error or a 5xx,
// up to RETRIES times. Then counts ClientRegistered events on intake.events.v1 per created client
// (waiting up to EVENT_WAIT_MS for stragglers: the outbox relay fails over to the new replica).
// Prints one JSON line with the figures; exits 1 when a request failed or an event was lost or doubled.
const { randomUUID } = require('node:crypto');
const { existsSync } = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');

const env = (name, fallback) => process.env[name] ?? fallback;
const gateway = env('GATEWAY_URL');
const token = env('TOKEN');
const location = env('LOCATION');
const brokers = [env('KAFKA_BROKERS')];
const stopFile = env('STOP_FILE');
const rate = Number(env('RATE', '10'));
const retries = Number(env('RETRIES', '10'));
const eventWaitMs = Number(env('EVENT_WAIT_MS', '90000'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function register(i, figures) {
  const key = randomUUID();
  const body = JSON.stringify({ givenName: 'Load', familyName: `Client ${i}`, email: `load-${i}-${key.slice(0, 8)}@example.com`, preferredChannel: 'email', dateOfBirth: '1980-01-01' });
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      figures.retries++;
      await sleep(250 * attempt);
    }
    try {
      const res = await fetch(`${gateway}/v1/locations/${location}/clients`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 201) {
        if (attempt > 0) figures.retriedOk++;
        return (await res.json()).id;
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
  const figures = { sent: 0, created: 0, failed: 0, retries: 0, retriedOk: 0, errors: {}, eventsLost: 0, eventsDuplicated: 0, seconds: 0 };
  const started = Date.now();
  const ids = [];
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
