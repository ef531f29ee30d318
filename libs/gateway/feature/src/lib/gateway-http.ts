import type { Server } from 'node:http';
import { VersioningType } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from './http/api-docs.decorators';
import { securityHeaders } from './abuse/security-headers.middleware';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { CorrelatedProblemDetailsFilter } from './http/correlation-id';

/** Largest JSON body the gateway accepts (413 problem+json above it). */
export const GATEWAY_BODY_LIMIT = '64kb';

/**
 * Wiring the gateway needs on top of the platform's HTTP conventions: URI versioning (`/v1/...`),
 * the correlation id on every error, and the OpenAPI document at /docs (JSON at /docs-json),
 * which is served outside Nest's router and so needs no token.
 */
export function configureGateway(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  // No ETag: every answer is `Cache-Control: no-store`, so no cache ever revalidates one, and express hashed
  // every body to make it (a SHA-1 per booking).
  app.set('etag', false);
  // Security headers on every answer, /docs included (served outside Nest's router).
  app.use(securityHeaders);
  // A client must send its whole request within the timeout (slow senders hold no socket for long); upstream
  // calls have their own (INTAKE_TIMEOUT_MS, NOTIFICATION_TIMEOUT_MS).
  const { requestTimeoutMs } = app.get<GatewayConfig>(GATEWAY_CONFIG);
  const server = app.getHttpServer() as Server;
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs, 10_000);
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalFilters(new CorrelatedProblemDetailsFilter());
  const config = new DocumentBuilder()
    .setTitle('Therapeutic massage franchise — gateway API')
    .setDescription(
      'The one API franchise locations call. Every route except /health needs a bearer token naming the caller’s location and role; ' +
        'each route needs a permission of the token’s role (docs/security.md) at the token’s own location (hq-admin: every location). Errors are RFC 9457 application/problem+json; 429 with Retry-After above the rate limits. ' +
        'Reads of health data are audit-logged.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 JWT with a kid header and claims sub, role, loc (location code; * for hq-admin), iat, exp (at most AUTH_TOKEN_MAX_TTL), jti.' }, BEARER_SCHEME)
    .addTag('clients', 'Client registration and records, per location')
    .addTag('intakes', 'Intake forms: health history, pain ratings, consent')
    .addTag('screening', 'Contraindication screening: the outcome for front desk, the rules and restrictions for therapists in care, managers and HQ')
    .addTag('clearances', 'Physicians’ clearances: request, record (re-screens the client), revoke; health data, no front desk')
    .addTag('rule-tables', 'The contraindication rule table’s versions (franchise-wide; hq-admin publishes)')
    .addTag('locations', 'Locations (hq-admin opens them): time zone, opening hours, closures, rooms and the service catalogue')
    .addTag('therapists', 'Therapists of a location: licence, certifications per technique, weekly shifts, time off')
    .addTag('availability', 'Free slots: hours, shifts, bookings and buffers, rooms and equipment, the client’s screening')
    .addTag('appointments', 'Booking (checked against licence, certifications, screening, clearances and the calendar), reschedule, cancel, check-in, complete, no-show')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
