import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@massage/contracts';
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
/** The recipe each of the project's images is built from (infra/containers/build-images.sh). */
const recipeOf = (image: string | undefined): string | undefined => {
  const name = /^massage\/([a-z-]+):\$\{IMAGE_TAG:-local\}$/.exec(image ?? '')?.[1];
  if (!name) return undefined;
  return ['kafka', 'postgres', 'smtp'].includes(name) ? read(`infra/containers/${name}/Dockerfile`) : serviceRecipe;
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
    expect(serviceRecipe).toMatch(/^COPY package\.json package-lock\.json main\.js \.\/$/m);
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

  it("points the gateway's INTAKE_URL, SCHEDULING_URL and TREATMENT_URL at their services' ports", () => {
    const gateway = services['gateway'];
    expect(gateway.environment?.['INTAKE_URL']).toBe(`http://intake:${services['intake'].environment?.['PORT']}`);
    expect(gateway.depends_on?.['intake']).toEqual({ condition: 'service_healthy' });
    expect(gateway.environment?.['SCHEDULING_URL']).toBe(`http://scheduling:${services['scheduling'].environment?.['PORT']}`);
    expect(gateway.depends_on?.['scheduling']).toEqual({ condition: 'service_healthy' });
    expect(gateway.environment?.['TREATMENT_URL']).toBe(`http://treatment:${services['treatment'].environment?.['PORT']}`);
    expect(gateway.depends_on?.['treatment']).toEqual({ condition: 'service_healthy' });
    expect(gateway.environment?.['AUTH_TOKEN_SECRET']).toMatch(/^\$\{AUTH_TOKEN_SECRET:\?/);
  });

  it('gives every service the shared infrastructure by service name', () => {
    for (const app of serviceApps) {
      const env = services[app].environment ?? {};
      expect({ app, bind: env['BIND_HOST'], port: typeof env['PORT'] }).toEqual({ app, bind: '0.0.0.0', port: 'string' });
      if (app !== 'gateway') expect({ app, kafka: env['KAFKA_BROKERS'], pg: env['PGHOST'] }).toEqual({ app, kafka: 'kafka:9092', pg: 'postgres' });
    }
    expect(services['notification'].environment).toMatchObject({ SMTP_HOST: 'smtp', SMTP_PORT: '1025' });
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
});
