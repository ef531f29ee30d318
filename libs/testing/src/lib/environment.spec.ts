import * as net from 'node:net';
import {
  KAFKA_NOT_REACHABLE,
  POSTGRES_NOT_REACHABLE,
  isDockerAvailable,
  isPortReachable,
  kafkaBrokers,
  kafkaBrokersFromEnv,
  postgresFromEnv,
  smtpFromEnv,
  testKafka,
  testPostgres,
} from './environment';
import { testSmtp } from './smtp';

const noDocker = async (): Promise<boolean> => false;
const always = async (): Promise<boolean> => true;
const never = async (): Promise<boolean> => false;

describe('kafkaBrokersFromEnv', () => {
  it('splits and trims KAFKA_BROKERS', () => {
    expect(kafkaBrokersFromEnv({ KAFKA_BROKERS: ' 127.0.0.1:9092 , kafka-2:19092,' })).toEqual(['127.0.0.1:9092', 'kafka-2:19092']);
  });

  it('is undefined when unset or blank', () => {
    expect(kafkaBrokersFromEnv({})).toBeUndefined();
    expect(kafkaBrokersFromEnv({ KAFKA_BROKERS: '  ' })).toBeUndefined();
  });

  it('rejects an entry without a port', () => {
    expect(() => kafkaBrokersFromEnv({ KAFKA_BROKERS: 'localhost' })).toThrow(/host:port/);
  });
});

describe('kafkaBrokers (sync)', () => {
  it('returns the brokers from the environment', () => {
    expect(kafkaBrokers({ KAFKA_BROKERS: '127.0.0.1:9092' })).toEqual(['127.0.0.1:9092']);
  });

  it('throws the how-to-start message without KAFKA_BROKERS', () => {
    expect(() => kafkaBrokers({})).toThrow(KAFKA_NOT_REACHABLE);
  });
});

describe('testKafka', () => {
  it('uses KAFKA_BROKERS when the first broker answers, without asking Docker', async () => {
    const docker = jest.fn(always);
    await expect(testKafka({ env: { KAFKA_BROKERS: 'h1:1,h2:2' }, reachable: always, dockerAvailable: docker })).resolves.toEqual({
      brokers: ['h1:1', 'h2:2'],
      source: 'env',
    });
    expect(docker).not.toHaveBeenCalled();
  });

  it('fails clearly when KAFKA_BROKERS names a broker that does not answer', async () => {
    await expect(testKafka({ env: { KAFKA_BROKERS: '127.0.0.1:1' }, reachable: never, dockerAvailable: noDocker })).rejects.toThrow(
      /Kafka is not reachable: .*nothing answers at 127.0.0.1:1/,
    );
  });

  it('says how to start Kafka when there is neither KAFKA_BROKERS nor Docker', async () => {
    await expect(testKafka({ env: {}, dockerAvailable: noDocker })).rejects.toThrow(
      'Kafka is not reachable: set KAFKA_BROKERS or run `npm run up` / `bash infra/kafka/start.sh`',
    );
  });
});

describe('postgresFromEnv / testPostgres', () => {
  it('reads PGHOST, PGPORT, PGUSER and PGPASSWORD with defaults', () => {
    expect(postgresFromEnv({ PGHOST: 'db' })).toEqual({ host: 'db', port: 5432, user: 'postgres' });
    expect(postgresFromEnv({ PGHOST: 'db', PGPORT: '6543', PGUSER: 'u', PGPASSWORD: 'p' })).toEqual({
      host: 'db',
      port: 6543,
      user: 'u',
      password: 'p',
    });
  });

  it('is undefined without PGHOST and rejects a bad PGPORT', () => {
    expect(postgresFromEnv({ PGPORT: '5432' })).toBeUndefined();
    expect(() => postgresFromEnv({ PGHOST: 'db', PGPORT: 'x' })).toThrow(/PGPORT/);
  });

  it('resolves from the environment or explains how to start PostgreSQL', async () => {
    await expect(testPostgres({ env: { PGHOST: 'db' }, reachable: always, dockerAvailable: noDocker })).resolves.toMatchObject({
      host: 'db',
      source: 'env',
    });
    await expect(testPostgres({ env: {}, dockerAvailable: noDocker })).rejects.toThrow(POSTGRES_NOT_REACHABLE);
    await expect(testPostgres({ env: { PGHOST: '127.0.0.1', PGPORT: '1' }, reachable: never, dockerAvailable: noDocker })).rejects.toThrow(
      /PostgreSQL is not reachable/,
    );
  });
});

describe('smtpFromEnv / testSmtp', () => {
  it('needs both SMTP_HOST and MAILBOX_DIR', () => {
    expect(smtpFromEnv({ SMTP_HOST: 'mail' })).toBeUndefined();
    expect(smtpFromEnv({ MAILBOX_DIR: '/tmp/m' })).toBeUndefined();
    expect(smtpFromEnv({ SMTP_HOST: 'mail', MAILBOX_DIR: '/tmp/m', SMTP_USER: 'u', SMTP_PASS: 'p' })).toEqual({
      host: 'mail',
      port: 2525,
      mailboxDir: '/tmp/m',
      user: 'u',
      pass: 'p',
    });
  });

  it('starts an in-process mail catcher when the environment names no SMTP server', async () => {
    const smtp = await testSmtp({ env: {} });
    try {
      expect(smtp.source).toBe('in-process');
      expect(smtp.port).toBeGreaterThan(0);
      await expect(isPortReachable(smtp.host, smtp.port)).resolves.toBe(true);
      await expect(smtp.messages()).resolves.toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});

describe('isPortReachable / isDockerAvailable', () => {
  it('tells an open port from a closed one', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await expect(isPortReachable('127.0.0.1', port)).resolves.toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(isPortReachable('127.0.0.1', port)).resolves.toBe(false);
  });

  it('is false when DOCKER_HOST points at nothing', async () => {
    await expect(isDockerAvailable({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })).resolves.toBe(false);
    await expect(isDockerAvailable({ DOCKER_HOST: 'ssh://somewhere' })).resolves.toBe(false);
  });
});
