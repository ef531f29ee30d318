import { envInt, envString } from '@massage/platform';
import { authTokenSecretFromEnv } from './auth/auth-token';

/** Everything the gateway reads from its environment (docs/architecture.md, "Configuration"). */
export interface GatewayConfig {
  /** Base URL of the intake service's internal HTTP API. */
  intakeUrl: string;
  /** How long the gateway waits for intake (headers and body) before answering 502. */
  intakeTimeoutMs: number;
  /** HS256 key that signs and verifies bearer tokens. */
  authTokenSecret: string;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** Reads and checks the configuration; throws (so the process refuses to start) when it is unsafe. */
export function gatewayConfigFromEnv(): GatewayConfig {
  const intakeUrl = envString('INTAKE_URL', 'http://127.0.0.1:3001').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(intakeUrl)) throw new Error(`INTAKE_URL must be an http(s) URL, got "${intakeUrl}"`);
  const intakeTimeoutMs = envInt('INTAKE_TIMEOUT_MS', 5_000);
  if (intakeTimeoutMs <= 0) throw new Error('INTAKE_TIMEOUT_MS must be positive');
  return { intakeUrl, intakeTimeoutMs, authTokenSecret: authTokenSecretFromEnv(process.env) };
}
