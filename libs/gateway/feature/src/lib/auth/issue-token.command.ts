import { parseArgs } from 'node:util';
import { ANY_LOCATION, isRole, ROLES } from '@massage/security';
import { authTokenConfigFromEnv, AuthTokens, durationSeconds, isLocationCode } from './auth-token';

export const ISSUE_TOKEN_USAGE = `usage: main.js issue-token --role <${ROLES.join('|')}> --location <code> (not for hq-admin) [--sub <subject>] [--expires-in <10h|45m|3600>]`;

/**
 * `main.js issue-token …`: signs a bearer token with the gateway's signing key (AUTH_TOKEN_KEYS /
 * AUTH_TOKEN_SECRET, or the development secret with AUTH_DEV_MODE=1), for demos, scripts and tests, until staff
 * sign in through an identity provider (ADR 0007). The lifetime defaults to, and may not exceed, AUTH_TOKEN_MAX_TTL.
 */
export function issueTokenCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): string {
  const { values } = parseArgs({
    args: argv,
    options: { location: { type: 'string' }, role: { type: 'string' }, sub: { type: 'string' }, 'expires-in': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const { role } = values;
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}\n${ISSUE_TOKEN_USAGE}`);
  const location = role === 'hq-admin' ? ANY_LOCATION : values.location;
  if (role === 'hq-admin' && values.location !== undefined && values.location !== ANY_LOCATION) throw new Error(`hq-admin acts for every location: leave out --location\n${ISSUE_TOKEN_USAGE}`);
  if (role !== 'hq-admin' && !isLocationCode(location)) throw new Error(`--location must be a location code such as downtown\n${ISSUE_TOKEN_USAGE}`);
  const config = authTokenConfigFromEnv(env);
  const ttl = values['expires-in'] === undefined ? config.maxTtlSeconds : durationSeconds('--expires-in', values['expires-in']);
  if (ttl > config.maxTtlSeconds) throw new Error(`--expires-in may be at most ${config.maxTtlSeconds} s (AUTH_TOKEN_MAX_TTL)`);
  return new AuthTokens(config).issue({ subject: values.sub ?? `${role}@${location === ANY_LOCATION ? 'hq' : location}`, locationId: location as string, role }, ttl);
}
