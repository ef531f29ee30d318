import { parseArgs } from 'node:util';
import { authTokenSecretFromEnv, AuthTokens, DEFAULT_TOKEN_TTL, isLocationCode, isRole, ROLES } from './auth-token';

export const ISSUE_TOKEN_USAGE = `usage: main.js issue-token --location <code> --role <${ROLES.join('|')}> [--sub <subject>] [--expires-in <8h|3600>]`;

/**
 * `main.js issue-token …`: signs a token with AUTH_TOKEN_SECRET, for demos, scripts and tests,
 * until staff sign in through an identity provider (docs/adr/0004-gateway-authentication.md).
 */
export function issueTokenCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): string {
  const { values } = parseArgs({
    args: argv,
    options: {
      location: { type: 'string' },
      role: { type: 'string' },
      sub: { type: 'string' },
      'expires-in': { type: 'string', default: DEFAULT_TOKEN_TTL },
    },
    strict: true,
    allowPositionals: false,
  });
  const { location, role } = values;
  if (!isLocationCode(location)) throw new Error(`--location must be a location code such as downtown\n${ISSUE_TOKEN_USAGE}`);
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}\n${ISSUE_TOKEN_USAGE}`);
  const expiresIn = /^\d+$/.test(values['expires-in']) ? Number(values['expires-in']) : values['expires-in'];
  return new AuthTokens(authTokenSecretFromEnv(env)).issue({ sub: values.sub ?? `${role}@${location}`, loc: location, role }, expiresIn);
}
