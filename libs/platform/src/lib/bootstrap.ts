import { type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { envInt } from './env';
import { ProblemDetailsFilter } from './problem-details.filter';

export interface HttpServiceOptions {
  name: string;
  defaultPort: number;
  /** Largest JSON body accepted; larger ones get 413. */
  bodyLimit?: string;
  /** Extra wiring before listen (Swagger, microservice transports). */
  configure?: (app: NestExpressApplication) => Promise<void> | void;
}

/** Creates a service's HTTP app with the shared conventions: problem+json errors, body limit, graceful shutdown. */
export async function createHttpService(module: Type<unknown>, opts: HttpServiceOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: false, bodyParser: false });
  app.useBodyParser('json', { limit: opts.bodyLimit ?? '64kb', strict: true });
  // No ETag: nothing revalidates a service's answers (the gateway marks them no-store), and express hashed every body.
  app.set('etag', false);
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Exit 0 after a graceful SIGTERM (consumer committed, relay stopped) so orchestrators see a clean stop.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await opts.configure?.(app);
  return app;
}

export async function listen(app: INestApplication, opts: Pick<HttpServiceOptions, 'name' | 'defaultPort'>): Promise<void> {
  const port = envInt('PORT', opts.defaultPort);
  // Loopback unless told otherwise (containers set BIND_HOST=0.0.0.0).
  await app.listen(port, process.env['BIND_HOST'] ?? '127.0.0.1');
  new Logger(opts.name).log(`listening on http://127.0.0.1:${port}`);
}
