import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadGatewayException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { IntakeClient } from './intake.client';

describe('IntakeClient failures', () => {
  let silent: jest.SpyInstance;
  beforeAll(() => (silent = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterAll(() => silent.mockRestore());

  const clientFor = (intakeUrl: string, intakeTimeoutMs = 1_000): IntakeClient => new IntakeClient({ intakeUrl, intakeTimeoutMs, authTokenSecret: 'x' });
  const get = { method: 'GET', path: '/clients/x', locationId: 'downtown', correlationId: 'c-1' } as const;

  it('answers 503 when nothing listens at INTAKE_URL', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    server.close();
    await once(server, 'close');
    await expect(clientFor(`http://127.0.0.1:${port}`).send(get)).rejects.toBeInstanceOf(ServiceUnavailableException);
  });

  it('answers 502 when intake does not answer in time', async () => {
    const hanging: Server = createServer(() => undefined);
    hanging.listen(0, '127.0.0.1');
    await once(hanging, 'listening');
    try {
      await expect(clientFor(`http://127.0.0.1:${(hanging.address() as AddressInfo).port}`, 100).send(get)).rejects.toBeInstanceOf(BadGatewayException);
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });
});
