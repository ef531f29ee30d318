import { AuthTokens } from './auth-token';
import { issueTokenCommand } from './issue-token.command';

describe('issue-token command', () => {
  const env = { AUTH_TOKEN_SECRET: 'cli-secret'.padEnd(40, 'z') };

  it('prints a token the gateway accepts, naming location and role', () => {
    const token = issueTokenCommand(['--location', 'downtown', '--role', 'front-desk'], env);
    expect(new AuthTokens(env.AUTH_TOKEN_SECRET).verify(token)).toEqual({ sub: 'front-desk@downtown', loc: 'downtown', role: 'front-desk' });
  });

  it('refuses bad arguments and the dev secret in production', () => {
    expect(() => issueTokenCommand(['--location', 'Down Town', '--role', 'front-desk'], env)).toThrow(/--location/);
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'owner'], env)).toThrow(/--role/);
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'admin', '--bogus'], env)).toThrow();
    expect(() => issueTokenCommand(['--location', 'downtown', '--role', 'admin'], { NODE_ENV: 'production' })).toThrow(/AUTH_TOKEN_SECRET/);
  });
});
