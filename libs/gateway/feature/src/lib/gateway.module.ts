import { HealthController, strictValidationPipe } from '@massage/platform';
import { assertionSignerFromEnv } from '@massage/platform-security';
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuditLog } from './audit/audit-log';
import { GatewayAuthGuard } from './auth/gateway-auth.guard';
import { RevocationList } from './auth/revocation-list';
import { GATEWAY_CONFIG, gatewayConfigFromEnv } from './gateway.config';
import { RATE_LIMIT_CLOCK, RateLimitMiddleware } from './abuse/rate-limit.middleware';
import { CorrelationIdMiddleware } from './http/correlation-id';
import { GATEWAY_ASSERTION_SIGNER, ServiceClient } from './http/service.client';
import { ServiceForwarder } from './http/service.forwarder';
import { ClientsHttpController } from './intake/clients.http.controller';
import { IntakesHttpController } from './intake/intakes.http.controller';
import { ClearancesHttpController } from './intake/clearances.http.controller';
import { ScreeningHttpController } from './intake/screening.http.controller';
import { VisitUpdatesHttpController } from './intake/visit-updates.http.controller';
import { ClientMessagesHttpController } from './notification/client-messages.http.controller';
import { DeliveriesHttpController } from './notification/deliveries.http.controller';
import { MessageSettingsHttpController } from './notification/message-settings.http.controller';
import { RuleTablesHttpController } from './rule-tables/rule-tables.http.controller';
import { AppointmentsHttpController } from './scheduling/appointments.http.controller';
import { AvailabilityHttpController } from './scheduling/availability.http.controller';
import { LocationConfigurationHttpController, LocationsHttpController } from './scheduling/locations.http.controller';
import { LocationUpdateHttpController } from './scheduling/location-update.http.controller';
import { SeriesHttpController } from './scheduling/series.http.controller';
import { TherapistsHttpController } from './scheduling/therapists.http.controller';
import { WaitlistHttpController } from './scheduling/waitlist.http.controller';
import { OwnSessionsHttpController } from './treatment/own-sessions.http.controller';
import { PlansHttpController } from './treatment/plans.http.controller';
import { SessionNotesHttpController } from './treatment/session-notes.http.controller';
import { TreatmentRecordHttpController } from './treatment/treatment-record.http.controller';

/** The gateway: authenticates, authorises, validates, audits and forwards to the owning services. No database. */
@Module({
  controllers: [
    HealthController,
    ClientsHttpController,
    IntakesHttpController,
    ScreeningHttpController,
    VisitUpdatesHttpController,
    ClearancesHttpController,
    DeliveriesHttpController,
    ClientMessagesHttpController,
    MessageSettingsHttpController,
    RuleTablesHttpController,
    LocationsHttpController,
    LocationConfigurationHttpController,
    LocationUpdateHttpController,
    TherapistsHttpController,
    AvailabilityHttpController,
    AppointmentsHttpController,
    SeriesHttpController,
    WaitlistHttpController,
    PlansHttpController,
    SessionNotesHttpController,
    OwnSessionsHttpController,
    TreatmentRecordHttpController,
  ],
  providers: [
    { provide: GATEWAY_CONFIG, useFactory: () => gatewayConfigFromEnv() },
    { provide: GATEWAY_ASSERTION_SIGNER, useFactory: () => assertionSignerFromEnv() },
    { provide: RevocationList, useFactory: () => RevocationList.fromEnv() },
    { provide: APP_GUARD, useClass: GatewayAuthGuard },
    { provide: APP_PIPE, useFactory: strictValidationPipe },
    { provide: RATE_LIMIT_CLOCK, useValue: Date.now },
    ServiceClient,
    AuditLog,
    ServiceForwarder,
  ],
})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Rate limits first: a refused request costs no more work than counting it.
    consumer.apply(RateLimitMiddleware, CorrelationIdMiddleware).forRoutes('*');
  }
}
