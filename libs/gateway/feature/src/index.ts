export * from './lib/gateway.module';
export * from './lib/gateway.config';
export * from './lib/gateway-http';
export * from './lib/auth/auth-token';
export * from './lib/auth/issue-token.command';
