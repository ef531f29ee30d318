import { envInt, envString } from '@massage/platform';
import { authTokenConfigFromEnv, durationSeconds, type AuthTokenConfig } from './auth/auth-token';

/** The services the gateway forwards to; each name is also the audience of the assertions it gets. */
export const UPSTREAM_SERVICES = ['intake', 'scheduling', 'treatment', 'notification'] as const;
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number];

export interface UpstreamConfig {
  /** Base URL of the service's internal HTTP API. */
  url: string;
  /** How long the gateway waits for it (headers and body) before answering 502. */
  timeoutMs: number;
}

/** Request limits per bearer token and per client address (token buckets). */
export interface RateLimitConfig {
  /** Requests a token may make per minute (sustained), with bursts up to the same number. */
  perTokenPerMinute: number;
  perAddressPerMinute: number;
}

/** Everything the gateway reads from its environment (docs/architecture.md, "Configuration"; docs/security.md). */
export interface GatewayConfig {
  services: Record<UpstreamService, UpstreamConfig>;
  tokens: AuthTokenConfig;
  rateLimit: RateLimitConfig;
  /** Longest the gateway works on one request before answering 503 (a slow client or upstream). */
  requestTimeoutMs: number;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

function upstream(name: string, defaultUrl: string): UpstreamConfig {
  const prefix = name.toUpperCase();
  const url = envString(`${prefix}_URL`, defaultUrl).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`${prefix}_URL must be an http(s) URL, got "${url}"`);
  const timeoutMs = envInt(`${prefix}_TIMEOUT_MS`, 5_000);
  if (timeoutMs <= 0) throw new Error(`${prefix}_TIMEOUT_MS must be positive`);
  return { url, timeoutMs };
}

/** Reads and checks the configuration; throws (so the process refuses to start) when it is unsafe. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const positive = (name: string, fallback: number): number => {
    const value = envInt(name, fallback);
    if (value <= 0) throw new Error(`${name} must be positive`);
    return value;
  };
  return {
    services: {
      intake: upstream('intake', 'http://127.0.0.1:3001'),
      scheduling: upstream('scheduling', 'http://127.0.0.1:3002'),
      treatment: upstream('treatment', 'http://127.0.0.1:3003'),
      notification: upstream('notification', 'http://127.0.0.1:3004'),
    },
    tokens: authTokenConfigFromEnv(env),
    rateLimit: { perTokenPerMinute: positive('RATE_LIMIT_PER_TOKEN_PER_MINUTE', 300), perAddressPerMinute: positive('RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 600) },
    requestTimeoutMs: durationSeconds('GATEWAY_REQUEST_TIMEOUT', env['GATEWAY_REQUEST_TIMEOUT'] || '15') * 1000,
  };
}
