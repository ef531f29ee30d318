import { authTokenConfigFromEnv, AuthTokens } from './auth-token';
import { issueTokenCommand } from './issue-token.command';

describe('issue-token command', () => {
  const env = { AUTH_TOKEN_SECRET: 'cli-secret'.padEnd(40, 'z') };
  const verify = (token: string): ReturnType<AuthTokens['verify']> => new AuthTokens(authTokenConfigFromEnv(env)).verify(token);

  it('prints a token the gateway accepts, naming location and role, with a jti', () => {
    const { actor, jti } = verify(issueTokenCommand(['--location', 'downtown', '--role', 'front-desk'], env));
    expect(actor).toEqual({ subject: 'front-desk@downtown', locationId: 'downtown', role: 'front-desk' });
    expect(jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(verify(issueTokenCommand(['--role', 'hq-admin'], env)).actor).toEqual({ subject: 'hq-admin@hq', locationId: '*', role: 'hq-admin' });
  });

  it('caps the lifetime: a working shift by default, never more than AUTH_TOKEN_MAX_TTL', () => {
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'therapist', '--expires-in', '8h'], env)).not.toThrow();
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'therapist', '--expires-in', '36501d'], env)).toThrow(/expires-in/);
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'therapist', '--expires-in', '11h'], env)).toThrow(/at most 36000/);
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'therapist', '--expires-in', '2h'], { ...env, AUTH_TOKEN_MAX_TTL: '1h' })).toThrow(/at most 3600/);
  });

  it('refuses bad arguments, old role names, and a missing key outside development mode', () => {
    expect(() => issueTokenCommand(['--location', 'Down Town', '--role', 'front-desk'], env)).toThrow(/--location/);
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'admin'], env)).toThrow(/--role/);
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'hq-admin'], env)).toThrow(/leave out --location/);
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'front-desk', '--bogus'], env)).toThrow();
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'front-desk'], {})).toThrow(/AUTH_DEV_MODE/);
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'front-desk'], { AUTH_DEV_MODE: '1', NODE_ENV: 'production' })).toThrow(/production/);
  });
});
