import { HealthController, strictValidationPipe } from '@massage/platform';
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuditLog } from './audit/audit-log';
import { GatewayAuthGuard } from './auth/gateway-auth.guard';
import { GATEWAY_CONFIG, gatewayConfigFromEnv } from './gateway.config';
import { CorrelationIdMiddleware } from './http/correlation-id';
import { ClientsHttpController } from './intake/clients.http.controller';
import { IntakeClient } from './intake/intake.client';
import { IntakeForwarder } from './intake/intake.forwarder';
import { IntakesHttpController } from './intake/intakes.http.controller';

/** The gateway: authenticates, validates, audits and forwards to the owning services. No database. */
@Module({
  controllers: [HealthController, ClientsHttpController, IntakesHttpController],
  providers: [
    { provide: GATEWAY_CONFIG, useFactory: gatewayConfigFromEnv },
    { provide: APP_GUARD, useClass: GatewayAuthGuard },
    { provide: APP_PIPE, useFactory: strictValidationPipe },
    IntakeClient,
    AuditLog,
    IntakeForwarder,
  ],
})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware).forRoutes('*');
  }
}
