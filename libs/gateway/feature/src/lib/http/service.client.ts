import { IDEMPOTENCY_KEY_HEADER } from '@massage/platform';
import { CORRELATION_ID_HEADER } from '@massage/intake-api';
import { GATEWAY_ASSERTION_HEADER, type GatewayAssertionSigner } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { BadGatewayException, Inject, Injectable, Logger, ServiceUnavailableException, type OnModuleDestroy } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig, type UpstreamService } from '../gateway.config';
import { UpstreamHttp, type UpstreamAnswer } from './upstream-http';

/** The gateway's assertion signer (only the gateway holds the private key). */
export const GATEWAY_ASSERTION_SIGNER = Symbol('GATEWAY_ASSERTION_SIGNER');

/** What a service answered, relayed to the caller as it is (2xx and 4xx). */
export interface UpstreamResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface ServiceRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Path (and query) below the service's URL, built from already-validated segments. */
  path: string;
  /** Who is asking: signed into the assertion the service verifies (its only source of identity). */
  actor: Actor;
  correlationId: string;
  body?: unknown;
  /** The caller's `Idempotency-Key` of a creating POST, passed on so the service answers a retry with its first response. */
  idempotencyKey?: string;
}

/** Codes node:http reports when nothing answers at the service's URL. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/**
 * Forwards a validated request to a service over HTTP with a fresh signed assertion (audience = the service).
 * The service's 2xx and 4xx answers are returned as they are; a 5xx, a timeout or a broken answer becomes 502,
 * an unreachable service 503. Nothing is retried: the caller sees the failure at once.
 */
@Injectable()
export class ServiceClient implements OnModuleDestroy {
  private readonly logger = new Logger('ServiceClient');
  private readonly upstream = new UpstreamHttp();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_ASSERTION_SIGNER) private readonly signer: GatewayAssertionSigner,
  ) {}

  async send(service: UpstreamService, request: ServiceRequest): Promise<UpstreamResponse> {
    const { url: base, timeoutMs } = this.config.services[service];
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      [GATEWAY_ASSERTION_HEADER]: this.signer.sign(request.actor, service),
      [CORRELATION_ID_HEADER]: request.correlationId,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = request.idempotencyKey;
    let answer: UpstreamAnswer;
    try {
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      answer = await this.upstream.exchange({ method: request.method, base, path: request.path, headers, ...(body === undefined ? {} : { body }), timeoutMs });
    } catch (error: unknown) {
      throw this.failure(service, timeoutMs, error, request);
    }
    const { status, contentType, body } = answer;
    if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
      this.logger.error(`${service} answered ${status} to ${request.method} ${request.path} (correlation ${request.correlationId})`);
      throw new BadGatewayException(`The ${service} service failed to handle the request.`);
    }
    return { status, contentType, body };
  }

  onModuleDestroy(): void {
    this.upstream.close();
  }

  private failure(service: UpstreamService, timeoutMs: number, error: unknown, request: ServiceRequest): Error {
    const name = error instanceof Error ? error.name : '';
    const code = errorCode(error);
    this.logger.error(`${request.method} ${request.path} to ${service} failed: ${name} ${code ?? ''} (correlation ${request.correlationId})`);
    if (name === 'TimeoutError' || name === 'AbortError') return new BadGatewayException(`The ${service} service did not answer within ${timeoutMs} ms.`);
    if (code && UNREACHABLE.has(code)) return new ServiceUnavailableException(`The ${service} service is unavailable; try again shortly.`);
    return new BadGatewayException(`The ${service} service could not be reached.`);
  }
}

/** node:http's socket error carries its `code`. */
function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
