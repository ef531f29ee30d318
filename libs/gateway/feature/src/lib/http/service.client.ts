import { CORRELATION_ID_HEADER, LOCATION_ID_HEADER } from '@massage/intake-api';
import { BadGatewayException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

/** What intake answered, relayed to the caller as it is (2xx and 4xx). */
export interface UpstreamResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface IntakeRequest {
  method: 'GET' | 'POST';
  /** Path below INTAKE_URL, built from already-validated segments. */
  path: string;
  /** The caller's location, sent as `x-location-id`: intake scopes every read and write to it. */
  locationId: string;
  correlationId: string;
  body?: unknown;
}

/** Codes Node's fetch (undici) reports when nothing answers at INTAKE_URL. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Forwards a validated request to the intake service over HTTP. Intake's 2xx and 4xx answers are
 * returned as they are; a 5xx, a timeout or a broken answer becomes 502, an unreachable intake 503.
 * Nothing is retried: POSTs are not idempotent, and the caller sees the failure at once.
 */
@Injectable()
export class IntakeClient {
  private readonly logger = new Logger('IntakeClient');

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async send(request: IntakeRequest): Promise<UpstreamResponse> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      [LOCATION_ID_HEADER]: request.locationId,
      [CORRELATION_ID_HEADER]: request.correlationId,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const url = `${this.config.intakeUrl}${request.path}`;
    let status: number;
    let contentType: string;
    let body: string;
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.intakeTimeoutMs),
      });
      status = response.status;
      contentType = response.headers.get('content-type') ?? '';
      body = await response.text();
    } catch (error: unknown) {
      throw this.failure(error, request);
    }
    if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
      this.logger.error(`intake answered ${status} to ${request.method} ${request.path} (correlation ${request.correlationId})`);
      throw new BadGatewayException('The intake service failed to handle the request.');
    }
    return { status, contentType, body };
  }

  private failure(error: unknown, request: IntakeRequest): Error {
    const name = error instanceof Error ? error.name : '';
    const code = errorCode(error);
    this.logger.error(`${request.method} ${request.path} to intake failed: ${name} ${code ?? ''} (correlation ${request.correlationId})`);
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new BadGatewayException(`The intake service did not answer within ${this.config.intakeTimeoutMs} ms.`);
    }
    if (code && UNREACHABLE.has(code)) return new ServiceUnavailableException('The intake service is unavailable; try again shortly.');
    return new BadGatewayException('The intake service could not be reached.');
  }
}

/** fetch wraps the socket error: TypeError('fetch failed') with `cause.code`. */
function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
