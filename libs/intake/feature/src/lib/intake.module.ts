import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@massage/audit';
import { CareRelationshipEventsHandler, careRelationshipProviders } from '@massage/care-relationships';
import { IntakeAuditRecorded } from '@massage/contracts';
import { IdempotencyModule } from '@massage/idempotency';
import { KnownLocationEventsHandler, knownLocationProviders } from '@massage/known-locations';
import { MessagingModule, messagingHealth } from '@massage/messaging';
import { CLOCK, HealthController, strictValidationPipe, systemClock, systemTimer, TIMER } from '@massage/platform';
import { databaseHealthChecksProvider } from '@massage/platform-database';
import { serviceTrustProviders } from '@massage/platform-security';
import { EraseClientContactHttpController } from './commands/erase-client-contact/erase-client-contact.http.controller';
import { EraseClientContactService } from './commands/erase-client-contact/erase-client-contact.service';
import { RegisterClientHttpController } from './commands/register-client/register-client.http.controller';
import { RegisterClientService } from './commands/register-client/register-client.service';
import { SubmitIntakeHttpController } from './commands/submit-intake/submit-intake.http.controller';
import { SubmitIntakeService } from './commands/submit-intake/submit-intake.service';
import { intakeDataSourceOptions } from './intake.database';
import { ExportFhirRecordHttpController } from './queries/export-fhir-record/export-fhir-record.http.controller';
import { ExportFhirRecordService } from './queries/export-fhir-record/export-fhir-record.service';
import { GetAccessLogHttpController } from './queries/get-access-log/get-access-log.http.controller';
import { GetAccessLogService } from './queries/get-access-log/get-access-log.service';
import { GetClientHttpController } from './queries/get-client/get-client.http.controller';
import { GetClientService } from './queries/get-client/get-client.service';
import { GetIntakeHttpController } from './queries/get-intake/get-intake.http.controller';
import { GetIntakeService } from './queries/get-intake/get-intake.service';
import { ListIntakesHttpController } from './queries/list-intakes/list-intakes.http.controller';
import { ListIntakesService } from './queries/list-intakes/list-intakes.service';
import { PublishRuleTableHttpController } from './commands/publish-rule-table/publish-rule-table.http.controller';
import { PublishRuleTableService } from './commands/publish-rule-table/publish-rule-table.service';
import { UpdateBeforeVisitHttpController } from './commands/update-before-visit/update-before-visit.http.controller';
import { UpdateBeforeVisitService } from './commands/update-before-visit/update-before-visit.service';
import { GetRuleTableHttpController } from './queries/get-rule-table/get-rule-table.http.controller';
import { GetRuleTableService } from './queries/get-rule-table/get-rule-table.service';
import { GetScreeningHttpController } from './queries/get-screening/get-screening.http.controller';
import { GetScreeningService } from './queries/get-screening/get-screening.service';
import { ListRuleTablesHttpController } from './queries/list-rule-tables/list-rule-tables.http.controller';
import { ListRuleTablesService } from './queries/list-rule-tables/list-rule-tables.service';
import { ListScreeningsHttpController } from './queries/list-screenings/list-screenings.http.controller';
import { ListScreeningsService } from './queries/list-screenings/list-screenings.service';
import { RuleTableVersions } from './rule-tables/rule-table-versions';
import { ScreeningRecorder } from './screening/screening-recorder';
import { ScreeningViewPolicy } from './screening/screening-view';
import { ClearanceExpiryJob } from './clearances/clearance-expiry.job';
import { ExpireClearancesService } from './commands/expire-clearances/expire-clearances.service';
import { RecordClearanceHttpController } from './commands/record-clearance/record-clearance.http.controller';
import { RecordClearanceService } from './commands/record-clearance/record-clearance.service';
import { RequestClearanceHttpController } from './commands/request-clearance/request-clearance.http.controller';
import { RequestClearanceService } from './commands/request-clearance/request-clearance.service';
import { RevokeClearanceHttpController } from './commands/revoke-clearance/revoke-clearance.http.controller';
import { RevokeClearanceService } from './commands/revoke-clearance/revoke-clearance.service';
import { GetClearanceHttpController } from './queries/get-clearance/get-clearance.http.controller';
import { GetClearanceService } from './queries/get-clearance/get-clearance.service';
import { ListClearancesHttpController } from './queries/list-clearances/list-clearances.http.controller';
import { ListClearancesService } from './queries/list-clearances/list-clearances.service';

/**
 * The intake service: clients and signed intakes in `massage_intake`, events through the outbox
 * (the relay publishes them to Kafka). Every body is checked by the strict validation pipe. Its consumer
 * (intake.consumer.ts) keeps scheduling's projections: care relationships and known locations.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: intakeDataSourceOptions }),
    MessagingModule.forService({ source: 'intake' }),
    AuditModule.forService({ event: IntakeAuditRecorded }),
    IdempotencyModule.forService(),
  ],
  controllers: [
    HealthController,
    RegisterClientHttpController,
    GetClientHttpController,
    SubmitIntakeHttpController,
    ListIntakesHttpController,
    GetIntakeHttpController,
    GetAccessLogHttpController,
    EraseClientContactHttpController,
    // Intake's part of the client's FHIR record, merged with treatment's by the gateway (ADR 0023).
    ExportFhirRecordHttpController,
    // Screening (issue 7): results, rule-table versions.
    GetScreeningHttpController,
    ListScreeningsHttpController,
    ListRuleTablesHttpController,
    GetRuleTableHttpController,
    PublishRuleTableHttpController,
    UpdateBeforeVisitHttpController,
    // Physicians' clearances (issue 7): request, record, revoke, read.
    RequestClearanceHttpController,
    RecordClearanceHttpController,
    RevokeClearanceHttpController,
    ListClearancesHttpController,
    GetClearanceHttpController,
    // Scheduling's events (intake's consumer, ADR 0014): care relationships and known locations.
    CareRelationshipEventsHandler,
    KnownLocationEventsHandler,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: strictValidationPipe },
    databaseHealthChecksProvider(messagingHealth({ source: 'intake', consumers: true })),
    // Identity only from the gateway's signed assertion; every route's policy enforced (docs/security.md).
    ...serviceTrustProviders('intake'),
    // In care: scheduling's appointments and therapists, projected (`in-care` grants, ADR 0014).
    ...careRelationshipProviders(),
    // Location codes scheduling never opened are refused (404 unknown-location) after the guard, before the handler.
    ...knownLocationProviders(),
    RegisterClientService,
    SubmitIntakeService,
    GetClientService,
    GetIntakeService,
    ListIntakesService,
    GetAccessLogService,
    EraseClientContactService,
    ExportFhirRecordService,
    RuleTableVersions,
    ScreeningRecorder,
    ScreeningViewPolicy,
    GetScreeningService,
    ListScreeningsService,
    ListRuleTablesService,
    GetRuleTableService,
    PublishRuleTableService,
    UpdateBeforeVisitService,
    // Time as a dependency: tests provide a ManualClock for both.
    { provide: CLOCK, useValue: systemClock },
    { provide: TIMER, useValue: systemTimer },
    RequestClearanceService,
    RecordClearanceService,
    RevokeClearanceService,
    ListClearancesService,
    GetClearanceService,
    ExpireClearancesService,
    // Marks clearances expired at their instant; started with the service, stopped on shutdown.
    ClearanceExpiryJob,
  ],
})
export class IntakeModule {}
