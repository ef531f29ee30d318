import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
import { configureGateway, GATEWAY_BODY_LIMIT, GatewayModule, gatewayConfigFromEnv, issueTokenCommand } from '@massage/gateway-feature';

runServiceMain({
  name: 'gateway',
  defaultPort: 3000,
  module: GatewayModule,
  bodyLimit: GATEWAY_BODY_LIMIT,
  configure: (app) => {
    gatewayConfigFromEnv(); // refuse unsafe settings (e.g. the dev token secret in production) before anything listens
    return configureGateway(app);
  },
  commands: { 'issue-token': (args) => issueTokenCommand(args) },
});
