import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
import { configureGateway, GATEWAY_BODY_LIMIT, GatewayModule, gatewayConfigFromEnv, issueTokenCommand } from '@massage/gateway-feature';
import { assertionSignerFromEnv } from '@massage/platform-security';

runServiceMain({
  name: 'gateway',
  defaultPort: 3000,
  module: GatewayModule,
  bodyLimit: GATEWAY_BODY_LIMIT,
  configure: (app) => {
    // Refuse unsafe settings (no keys, development keys in production) before anything listens.
    gatewayConfigFromEnv();
    assertionSignerFromEnv();
    return configureGateway(app);
  },
  commands: { 'issue-token': (args) => issueTokenCommand(args) },
});
