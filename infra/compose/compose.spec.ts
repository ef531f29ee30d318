import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@massage/contracts';
import { parse } from 'yaml';

/**
 * docker-compose.yml cannot run on the project's machines (no Docker engine), so this keeps it honest
 * statically: every service app has a service built from its own Dockerfile, every file it names
 * exists, every database is created, every catalogue topic is created, and the wiring between
 * services points at services that exist.
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
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
const services = compose.services;
const initSql = read('infra/compose/postgres-init.sql');
const createTopics = read('infra/compose/create-topics.sh');

/** Apps under apps/ that are deployable services (tag type:app), not test suites such as apps/e2e. */
const serviceApps = readdirSync(join(ROOT, 'apps')).filter((app) => {
  const projectJson = join(ROOT, 'apps', app, 'project.json');
  return existsSync(projectJson) && (JSON.parse(readFileSync(projectJson, 'utf8')) as { tags?: string[] }).tags?.includes('type:app');
});
/** Services that own a PostgreSQL database (docs/architecture.md): every one except the gateway. */
const dbBacked = Object.entries(services).filter(([name, s]) => serviceApps.includes(name) && s.environment?.['PGHOST'] !== undefined);

describe('docker-compose.yml', () => {
  it('has a service for every app under apps/, built from apps/<app>/Dockerfile', () => {
    expect(serviceApps).toEqual(expect.arrayContaining(['gateway', 'intake', 'scheduling', 'treatment', 'notification']));
    for (const app of serviceApps) {
      expect({ app, build: services[app]?.build }).toEqual({ app, build: { context: '.', dockerfile: `apps/${app}/Dockerfile` } });
    }
  });

  it('names only Dockerfiles and mounted files that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) expect({ name, exists: existsSync(join(ROOT, service.build.context, service.build.dockerfile)) }).toEqual({ name, exists: true });
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./')) expect({ name, source, exists: existsSync(join(ROOT, source)) }).toEqual({ name, source, exists: true });
      }
    }
  });

  it('builds each app image the same way: Node 24 slim, nx build, production deps only, non-root, health-checked', () => {
    for (const app of serviceApps) {
      const dockerfile = read(`apps/${app}/Dockerfile`);
      expect(dockerfile).toMatch(/^FROM node:24-slim AS build$/m);
      expect(dockerfile).toContain(`npx nx build ${app}`);
      expect(dockerfile).toContain(`COPY --from=build /workspace/dist/apps/${app}/ ./`);
      expect(dockerfile).toMatch(/npm ci --omit=dev/);
      expect(dockerfile).toMatch(/^USER node$/m);
      expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/health/m);
      expect(dockerfile).toMatch(/^CMD \["node", "main\.js"\]$/m);
    }
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

  it("points the gateway's INTAKE_URL at the intake service's port", () => {
    const gateway = services['gateway'];
    expect(gateway.environment?.['INTAKE_URL']).toBe(`http://intake:${services['intake'].environment?.['PORT']}`);
    expect(gateway.depends_on?.['intake']).toEqual({ condition: 'service_healthy' });
    expect(gateway.environment?.['AUTH_TOKEN_SECRET']).toMatch(/^\$\{AUTH_TOKEN_SECRET:\?/);
  });

  it('gives every service the shared infrastructure by service name', () => {
    for (const app of serviceApps) {
      const env = services[app].environment ?? {};
      expect({ app, bind: env['BIND_HOST'], port: typeof env['PORT'] }).toEqual({ app, bind: '0.0.0.0', port: 'string' });
      if (app !== 'gateway') expect({ app, kafka: env['KAFKA_BROKERS'], pg: env['PGHOST'] }).toEqual({ app, kafka: 'kafka:9092', pg: 'postgres' });
    }
    expect(services['notification'].environment).toMatchObject({ SMTP_HOST: 'mailpit', SMTP_PORT: '1025' });
  });

  it('waits only on services that exist and can report the condition waited for', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        expect({ name, dependency, exists: target !== undefined }).toEqual({ name, dependency, exists: true });
        if (condition === 'service_healthy') {
          const checked = target.healthcheck !== undefined || (target.build !== undefined && /^HEALTHCHECK /m.test(read(target.build.dockerfile)));
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
