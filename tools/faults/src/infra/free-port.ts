import { createServer } from 'node:net';
import { assertOwnPort } from './child-env';

const taken = new Set<number>();

/** A TCP port on 127.0.0.1 nobody listens on now (and that this suite has not handed out before). */
export async function freePort(what = 'a'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port > 0 && !taken.has(port)) {
      assertOwnPort(port, what);
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port found for ${what}`);
}
