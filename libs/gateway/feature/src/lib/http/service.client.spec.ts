import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadGatewayException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { GatewayConfig } from '../gateway.config';
import { ServiceClient } from './service.client';

describe('ServiceClient failures', () => {
  let silent: jest.SpyInstance;
  beforeAll(() => (silent = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterAll(() => silent.mockRestore());

  const { signer } = generateAssertionKeyPair('test');
  const clientFor = (url: string, timeoutMs = 1_000): { send: (r: typeof get) => Promise<unknown> } => {
    const config = { services: { intake: { url, timeoutMs }, scheduling: { url, timeoutMs }, treatment: { url, timeoutMs }, notification: { url, timeoutMs } } } as GatewayConfig;
    const client = new ServiceClient(config, signer);
    return { send: (r) => client.send('intake', r) };
  };
  const get = { method: 'GET', path: '/locations/downtown/clients/x', actor: { subject: 'fd-1', role: 'front-desk', locationId: 'downtown' }, correlationId: 'c-1' } as const;

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
