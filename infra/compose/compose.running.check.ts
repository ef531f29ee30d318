import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTAKE_EVENTS_TOPIC, IntakeCompletedV2Event, NOTIFICATION_EVENTS_TOPIC, NotificationSent } from '@massage/contracts';
import { API_WEEKDAYS, type CreateLocationRequest } from '@massage/scheduling-api';
import { collectTopic, uniqueName, waitFor, waitForMail, type TopicCollector } from '@massage/testing';
import { parse } from 'yaml';

/**
 * docker-compose.yml against the system it runs (scripts/containers-test.sh brings it up and sets
 * the environment): every app under apps/ runs as a healthy container from its own image, the
 * migrations finished, and the first flow goes through the containers — the published gateway,
 * intake, Kafka, notification and the SMTP catcher. Run with jest.running.cjs, never by `nx test`.
 */
const ROOT = join(__dirname, '../..');
const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through scripts/containers-test.sh`);
  return value;
};
const project = need('COMPOSE_PROJECT_NAME');
const gatewayUrl = `http://127.0.0.1:${need('GATEWAY_HOST_PORT')}`;
const brokers = [`127.0.0.1:${need('KAFKA_HOST_PORT')}`];
const mailboxDir = need('MAILBOX_HOST_DIR');

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { image?: string }> };
const serviceApps = readdirSync(join(ROOT, 'apps')).filter((app) => {
  const projectJson = join(ROOT, 'apps', app, 'project.json');
  return existsSync(projectJson) && (JSON.parse(readFileSync(projectJson, 'utf8')) as { tags?: string[] }).tags?.includes('type:app');
});

interface ContainerState {
  image: string;
  status: string;
  health: string | null;
  exitCode: number;
}
/** The id of the compose service's one container. */
function containerId(service: string): string {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter(Boolean);
  if (ids.length !== 1) throw new Error(`${ids.length} containers for service ${service} of project ${project}`);
  return ids[0];
}
/** The compose service's container, as the engine reports it. */
function container(service: string): ContainerState {
  const [image, status, health, exitCode] = execFileSync('docker', ['inspect', '-f', '{{.Config.Image}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.State.ExitCode}}', containerId(service)], { encoding: 'utf8' })
    .trim()
    .split('|');
  return { image, status, health: health || null, exitCode: Number(exitCode) };
}

/** A bearer token from the gateway's own CLI, inside its container, signed with the secret it runs with. */
function issueToken(...args: string[]): string {
  return execFileSync('docker', ['exec', containerId('gateway'), 'node', 'main.js', 'issue-token', ...args], { encoding: 'utf8' }).trim();
}

/** A POST through the published gateway, with a new Idempotency-Key unless one is given (a retry of the same request). */
function post(path: string, token: string, body: unknown, idempotencyKey: string = randomUUID()): Promise<Response> {
  return fetch(`${gatewayUrl}/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
}

/** The rule a problem+json answer names: the last segment of its type. */
async function problemRule(response: Response): Promise<string | undefined> {
  const body = (await response.clone().json().catch(() => undefined)) as { type?: string } | undefined;
  return body?.type?.split('/').pop();
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> } }>>;
}
/**
 * A valid intake body: the example the running gateway publishes in its OpenAPI document (the same
 * function the tests use, which this project may not import), signed now (consent may not be old).
 */
async function intakeExample(signedName: string): Promise<unknown> {
  const doc = (await (await fetch(`${gatewayUrl}/docs-json`)).json()) as OpenApiDocument;
  const path = Object.keys(doc.paths).find((p) => p.endsWith('/clients/{clientId}/intakes') && doc.paths[p]['post']);
  const example = path ? doc.paths[path]['post'].requestBody?.content['application/json']?.examples?.['nothing to report']?.value : undefined;
  if (!example) throw new Error(`no intake example in ${gatewayUrl}/docs-json`);
  const body = structuredClone(example) as { consent: { signedAt: string; signedName: string } };
  body.consent.signedAt = new Date().toISOString();
  body.consent.signedName = signedName;
  return body;
}

describe('docker-compose.yml, running', () => {
  it('runs every app under apps/ as a healthy container of its own image, after its migration finished', () => {
    expect(serviceApps.length).toBeGreaterThanOrEqual(5);
    for (const app of serviceApps) {
      expect({ app, ...container(app) }).toEqual({ app, image: compose.services[app]?.image?.replace('${IMAGE_TAG:-local}', process.env['IMAGE_TAG'] ?? 'local'), status: 'running', health: 'healthy', exitCode: 0 });
      if (compose.services[`${app}-migrate`]) expect({ app, migrate: container(`${app}-migrate`) }).toMatchObject({ app, migrate: { status: 'exited', exitCode: 0 } });
    }
  });

  describe('the first flow through the containers', () => {
    let intakeEvents: TopicCollector;
    let notificationEvents: TopicCollector;
    beforeAll(async () => {
      intakeEvents = await collectTopic(brokers, INTAKE_EVENTS_TOPIC.name);
      notificationEvents = await collectTopic(brokers, NOTIFICATION_EVENTS_TOPIC.name);
    });
    afterAll(async () => {
      await intakeEvents?.stop();
      await notificationEvents?.stop();
    });

    it('opens a location as hq-admin; once intake has heard of it, a client registers and takes an intake there; the events reach Kafka and the welcome e-mail the SMTP catcher', async () => {
      const location = uniqueName('compose');
      const opening: CreateLocationRequest = {
        code: location,
        name: 'Compose check',
        timeZone: 'America/Toronto',
        jurisdiction: 'CA-ON',
        openingHours: API_WEEKDAYS.map((weekday) => ({ weekday, windows: [{ from: '09:00', to: '17:00' }] })),
      };
      const opened = await post('/locations', issueToken('--role', 'hq-admin', '--sub', 'compose-check-hq'), opening);
      expect({ status: opened.status, body: await opened.json() }).toMatchObject({ status: 201, body: { code: location } });

      // Intake accepts the code once LocationOpened has reached it over Kafka: until then it answers 404
      // unknown-location and stores nothing, so the same request (same Idempotency-Key) is sent again.
      const token = issueToken('--location', location, '--role', 'front-desk');
      const email = `${uniqueName('grace')}@example.com`;
      const registration = { givenName: 'Grace', familyName: 'Hopper', email, preferredChannel: 'email', dateOfBirth: '1976-12-09' };
      const registrationKey = randomUUID();
      const registered = await waitFor(
        async () => {
          const response = await post(`/locations/${location}/clients`, token, registration, registrationKey);
          return response.status === 404 && (await problemRule(response)) === 'unknown-location' ? undefined : response;
        },
        { timeoutMs: 60_000, intervalMs: 500, description: `intake to accept location ${location}, which scheduling opened` },
      );
      const client = (await registered.json()) as { id: string };
      expect({ status: registered.status, client }).toMatchObject({ status: 201, client: { id: expect.any(String) } });
      const submitted = await post(`/locations/${location}/clients/${client.id}/intakes`, token, await intakeExample('Grace Hopper'));
      expect(submitted.status).toBe(201);

      const completed = await intakeEvents.waitForMessages(1, { timeoutMs: 30_000, predicate: (m) => m.headers['ce_type'] === IntakeCompletedV2Event.type && m.key === client.id });
      expect(completed).toHaveLength(1);
      const mail = await waitForMail(mailboxDir, (m) => m.to.includes(email), 30_000);
      expect(mail.subject).toMatch(/welcome/i);
      const sent = await notificationEvents.waitForMessages(1, { timeoutMs: 30_000, predicate: (m) => m.headers['ce_type'] === NotificationSent.type && m.key === client.id });
      expect(sent).toHaveLength(1);
    });
  });
});
