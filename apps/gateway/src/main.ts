import 'reflect-metadata';
import { createHttpService, listen } from '@massage/platform';
import { configureGateway, GATEWAY_BODY_LIMIT, GatewayModule, gatewayConfigFromEnv, issueTokenCommand } from '@massage/gateway-feature';

const service = { name: 'gateway', defaultPort: 3000 };

async function main(): Promise<void> {
  if (process.argv[2] === 'issue-token') {
    process.stdout.write(`${issueTokenCommand(process.argv.slice(3))}\n`);
    return;
  }
  gatewayConfigFromEnv(); // refuse to start on unsafe settings (e.g. the dev token secret in production) before anything listens
  const app = await createHttpService(GatewayModule, { ...service, bodyLimit: GATEWAY_BODY_LIMIT, configure: configureGateway });
  await listen(app, service);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && process.argv[2] === 'issue-token' ? error.message : error);
  process.exit(1);
});
