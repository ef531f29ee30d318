import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSUMER_GROUPS, TOPICS } from '@massage/contracts';
import { parse } from 'yaml';

/**
 * docker-compose.yml, statically: every service app has a service running its image (built from the one
 * recipe, infra/containers/service.Dockerfile, by infra/containers/build-images.sh), every file it names
 * exists, every database is created, every catalogue topic is created, and the wiring between services
 * points at services that exist. compose.running.check.ts checks the same file against the running
 * system (scripts/containers-test.sh).
 */
const ROOT = join(__dirname, '../..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
const services = compose.services;
const initSql = read('infra/compose/postgres-init.sql');
const createTopics = read('infra/compose/create-topics.sh');
const buildImages = read('infra/containers/build-images.sh');
const serviceRecipe = read('infra/containers/service.Dockerfile');
/**
 * The services the gateway forwards to, as its configuration reads them: `upstream('intake', …)` reads INTAKE_URL
 * (a loopback default, wrong in a container, so compose must set each).
 */
const gatewayUpstreams = [...read('libs/gateway/feature/src/lib/gateway.config.ts').matchAll(/\bupstream\('([a-z]+)'/g)].map((m) => m[1]);
/** The recipe each of the project's images is built from (infra/containers/build-images.sh). */
const recipeOf = (image: string | undefined): string | undefined => {
  const name = /^massage\/([a-z-]+):\$\{IMAGE_TAG:-local\}$/.exec(image ?? '')?.[1];
  if (!name) return undefined;
  return ['kafka', 'postgres', 'smtp', 'sms'].includes(name) ? read(`infra/containers/${name}/Dockerfile`) : serviceRecipe;
};

/** Apps under apps/ that are deployable services (tag type:app), not test suites such as apps/e2e. */
const serviceApps = readdirSync(join(ROOT, 'apps')).filter((app) => {
  const projectJson = join(ROOT, 'apps', app, 'project.json');
  return existsSync(projectJson) && (JSON.parse(readFileSync(projectJson, 'utf8')) as { tags?: string[] }).tags?.includes('type:app');
});
/** Services that own a PostgreSQL database (docs/architecture.md): every one except the gateway. */
const dbBacked = Object.entries(services).filter(([name, s]) => serviceApps.includes(name) && s.environment?.['PGHOST'] !== undefined);

describe('docker-compose.yml', () => {
  it('has a service for every app under apps/, running the image build-images.sh builds for it with its port', () => {
    expect(serviceApps).toEqual(expect.arrayContaining(['gateway', 'intake', 'scheduling', 'treatment', 'notification']));
    const built = /^SERVICES=\((.*)\)$/m.exec(buildImages)?.[1].split(' ') ?? [];
    for (const app of serviceApps) {
      expect({ app, image: services[app]?.image, build: services[app]?.build }).toEqual({ app, image: `massage/${app}:\${IMAGE_TAG:-local}`, build: undefined });
      expect({ app, built: built.includes(app) }).toEqual({ app, built: true });
      expect(buildImages).toContain(`[${app}]=${services[app].environment?.['PORT']}`);
    }
  });

  it('names only mounted files that exist, and publishes ports on loopback only, each set by environment', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./')) expect({ name, source, exists: existsSync(join(ROOT, source)) }).toEqual({ name, source, exists: true });
      }
      for (const port of service.ports ?? []) expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:\$\{[A-Z_]+_HOST_PORT:-\d+\}:\d+$/) });
    }
  });

  it('builds every app image from one recipe without network: a Node 24 base by build argument, copied bundle, non-root, health-checked, labelled', () => {
    for (const app of serviceApps) expect({ app, ownDockerfile: existsSync(join(ROOT, 'apps', app, 'Dockerfile')) }).toEqual({ app, ownDockerfile: false });
    expect(serviceRecipe).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
    expect(serviceRecipe).toMatch(/^FROM \$\{NODE_IMAGE\}$/m);
    expect(serviceRecipe).not.toMatch(/^RUN /m); // nothing installed or downloaded during the build
    expect(serviceRecipe).toMatch(/^COPY package\.json package-lock\.json \.\/$/m);
    expect(serviceRecipe).toMatch(/^COPY app\/ \.\/$/m); // main.js and its run-time assets (notification templates)
    expect(serviceRecipe).toMatch(/^USER node$/m);
    expect(serviceRecipe).toMatch(/^HEALTHCHECK .*\n.*\/health\/live/m);
    expect(serviceRecipe).toMatch(/org\.opencontainers\.image\.version="\$\{VERSION\}"/);
    expect(serviceRecipe).toMatch(/org\.opencontainers\.image\.revision="\$\{COMMIT\}"/);
    expect(serviceRecipe).toMatch(/^CMD \["node", "main\.js"\]$/m);
  });

  it("creates every DB-backed service's database in the postgres init script and migrates it before the service starts", () => {
    expect(dbBacked.map(([name]) => name).sort()).toEqual(['intake', 'notification', 'scheduling', 'treatment']);
    for (const [name, service] of dbBacked) {
      const db = service.environment?.['DB_NAME'];
      expect({ name, db }).toEqual({ name, db: `massage_${name}` });
      expect(initSql).toMatch(new RegExp(`^CREATE DATABASE ${db};$`, 'm'));

      const migrate = services[`${name}-migrate`];
      expect({ name, command: migrate?.command, image: migrate?.image, db: migrate?.environment?.['DB_NAME'] }).toEqual({
        name,
        command: ['node', 'main.js', 'migrate'],
        image: service.image,
        db,
      });
      expect(service.depends_on?.[`${name}-migrate`]).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it("points the gateway at every service its configuration forwards to (<SERVICE>_URL), and waits for each to be healthy", () => {
    expect(gatewayUpstreams).toEqual(expect.arrayContaining(['intake', 'scheduling', 'notification']));
    const gateway = services['gateway'];
    for (const upstream of gatewayUpstreams) {
      const variable = `${upstream.toUpperCase()}_URL`;
      expect({ variable, url: gateway.environment?.[variable] }).toEqual({ variable, url: `http://${upstream}:${services[upstream]?.environment?.['PORT']}` });
      expect({ upstream, dependsOn: gateway.depends_on?.[upstream] }).toEqual({ upstream, dependsOn: { condition: 'service_healthy' } });
    }
    expect(gateway.environment?.['AUTH_TOKEN_SECRET']).toMatch(/^\$\{AUTH_TOKEN_SECRET:\?/);
  });

  it("gives every service behind the gateway the gateway's public keys, never development keys", () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, devMode: service.environment?.['AUTH_DEV_MODE'] }).toEqual({ name, devMode: undefined });
    }
    for (const app of serviceApps.filter((a) => a !== 'gateway')) {
      expect({ app, keys: services[app].environment?.['AUTH_ASSERTION_PUBLIC_KEYS'] }).toEqual({ app, keys: expect.stringMatching(/^\$\{AUTH_ASSERTION_PUBLIC_KEYS:\?/) });
    }
  });

  it('never turns off the refusal of location codes scheduling never opened (KNOWN_LOCATIONS_ENFORCED, ADR 0014)', () => {
    for (const [name, service] of Object.entries(services)) {
      const enforced = service.environment?.['KNOWN_LOCATIONS_ENFORCED'];
      expect({ name, off: enforced !== undefined && ['false', '0'].includes(String(enforced).trim().toLowerCase()) }).toEqual({ name, off: false });
    }
  });

  it('gives every service the shared infrastructure by service name', () => {
    for (const app of serviceApps) {
      const env = services[app].environment ?? {};
      expect({ app, bind: env['BIND_HOST'], port: typeof env['PORT'] }).toEqual({ app, bind: '0.0.0.0', port: 'string' });
      if (app !== 'gateway') expect({ app, kafka: env['KAFKA_BROKERS'], pg: env['PGHOST'] }).toEqual({ app, kafka: 'kafka:9092', pg: 'postgres' });
    }
    expect(services['notification'].environment).toMatchObject({ SMTP_HOST: 'smtp', SMTP_PORT: '1025' });
    // The SMS provider stand-in by service name, and its webhooks back to notification (ADR 0021).
    expect(services['notification'].environment).toMatchObject({ SMS_API_URL: 'http://sms:8026', SMS_DELIVERY_REPORT_URL: 'http://notification:3004/sms/delivery-reports' });
    expect(services['sms'].environment).toMatchObject({ SMS_AUTH_TOKEN: services['notification'].environment?.['SMS_AUTH_TOKEN'], SMS_INBOUND_WEBHOOK_URL: 'http://notification:3004/sms/inbound' });
    expect(buildImages).toMatch(/build sms "\$CONTAINERS_DIR\/sms\/Dockerfile"/);
  });

  it('waits only on services that exist and can report the condition waited for', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        expect({ name, dependency, exists: target !== undefined }).toEqual({ name, dependency, exists: true });
        if (condition === 'service_healthy') {
          const checked = target.healthcheck !== undefined || /^HEALTHCHECK /m.test(recipeOf(target.image) ?? '');
          expect({ name, dependency, checked }).toEqual({ name, dependency, checked: true });
        }
      }
    }
  });

  it('creates every topic of the event catalogue with its partitions and cleanup policy', () => {
    for (const topic of TOPICS) {
      expect(createTopics).toMatch(new RegExp(`^create ${topic.name.replace(/\./g, '\\.')} ${topic.partitions} ${topic.cleanupPolicy}$`, 'm'));
    }
    expect(services['kafka'].environment?.['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
  });

  it("runs every consumer group's service with the broker, the topics it reads and its dead-letter topic created", () => {
    const created = (name: string): boolean => new RegExp(`^create ${name.replace(/\./g, '\\.')} `, 'm').test(createTopics);
    for (const group of CONSUMER_GROUPS) {
      const env = services[group.service]?.environment ?? {};
      expect({ group: group.name, brokers: env['KAFKA_BROKERS'] }).toEqual({ group: group.name, brokers: 'kafka:9092' });
      // A group id set in compose must be the catalogue's: the DLQ and the ACLs are named after it.
      const groupIdVariable = `${group.service.toUpperCase()}_GROUP_ID`;
      expect({ groupIdVariable, value: env[groupIdVariable] ?? group.name }).toEqual({ groupIdVariable, value: group.name });
      for (const topic of group.topics) expect({ group: group.name, topic, created: created(topic) }).toEqual({ group: group.name, topic, created: true });
      const dlq = group.deadLetterTopic;
      expect(createTopics).toMatch(new RegExp(`^create ${dlq.name.replace(/\./g, '\\.')} ${dlq.partitions} ${dlq.cleanupPolicy}$`, 'm'));
    }
  });
});
