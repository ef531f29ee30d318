import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@massage/audit';
import { careRelationshipProviders } from '@massage/care-relationships';
import { TreatmentAuditRecorded } from '@massage/contracts';
import { KnownLocationEventsHandler, knownLocationProviders } from '@massage/known-locations';
import { IdempotencyModule } from '@massage/idempotency';
import { MessagingModule, messagingHealth } from '@massage/messaging';
import { CLOCK, HealthController, strictValidationPipe, systemClock } from '@massage/platform';
import { databaseHealthChecksProvider } from '@massage/platform-database';
import { serviceTrustProviders } from '@massage/platform-security';
import { careAccessProviders } from './care/care-access';
import { AmendNoteHttpController } from './commands/amend-note/amend-note.http.controller';
import { AmendNoteService } from './commands/amend-note/amend-note.service';
import { ClosePlanHttpController } from './commands/close-plan/close-plan.http.controller';
import { ClosePlanService } from './commands/close-plan/close-plan.service';
import { CreatePlanHttpController } from './commands/create-plan/create-plan.http.controller';
import { CreatePlanService } from './commands/create-plan/create-plan.service';
import { RevisePlanHttpController } from './commands/revise-plan/revise-plan.http.controller';
import { RevisePlanService } from './commands/revise-plan/revise-plan.service';
import { SaveNoteHttpController } from './commands/save-note/save-note.http.controller';
import { SaveNoteService } from './commands/save-note/save-note.service';
import { SignNoteHttpController } from './commands/sign-note/sign-note.http.controller';
import { SignNoteService } from './commands/sign-note/sign-note.service';
import { AppointmentEventsHandler } from './handlers/appointment-events.handler';
import { ScreeningEventsHandler } from './handlers/screening-events.handler';
import { AuditedRecords } from './http/audited-records';
import { NoteWriter } from './notes/note-writer';
import { ExportFhirRecordHttpController } from './queries/export-fhir-record/export-fhir-record.http.controller';
import { ExportFhirRecordService } from './queries/export-fhir-record/export-fhir-record.service';
import { GetNoteHttpController } from './queries/get-note/get-note.http.controller';
import { GetNoteService } from './queries/get-note/get-note.service';
import { GetOutcomesHttpController } from './queries/get-outcomes/get-outcomes.http.controller';
import { GetOutcomesService } from './queries/get-outcomes/get-outcomes.service';
import { GetPlanHttpController } from './queries/get-plan/get-plan.http.controller';
import { GetPlanService } from './queries/get-plan/get-plan.service';
import { ListOwnSessionsHttpController } from './queries/list-own-sessions/list-own-sessions.http.controller';
import { ListOwnSessionsService } from './queries/list-own-sessions/list-own-sessions.service';
import { treatmentDataSourceOptions } from './treatment.database';

/**
 * The treatment service: plans, SOAP notes and outcomes in `massage_treatment`; events through the outbox
 * (treatment.events.v1); scheduling's appointments and therapists and intake's screenings through the inbox (the
 * handlers below, run by the reliable consumer the app connects). Every route declares its permission; `in-care`
 * is settled by the care projection, `own-sessions` by the session's therapist.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: treatmentDataSourceOptions }),
    MessagingModule.forService({ source: 'treatment' }),
    AuditModule.forService({ event: TreatmentAuditRecorded }),
    IdempotencyModule.forService(),
  ],
  controllers: [
    HealthController,
    CreatePlanHttpController,
    GetPlanHttpController,
    RevisePlanHttpController,
    ClosePlanHttpController,
    GetOutcomesHttpController,
    GetNoteHttpController,
    SaveNoteHttpController,
    SignNoteHttpController,
    AmendNoteHttpController,
    ExportFhirRecordHttpController,
    ListOwnSessionsHttpController,
    AppointmentEventsHandler,
    ScreeningEventsHandler,
    KnownLocationEventsHandler,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: strictValidationPipe },
    databaseHealthChecksProvider(messagingHealth({ source: 'treatment', consumers: true })),
    // Identity only from the gateway's signed assertion; every route's policy enforced (docs/security.md).
    ...serviceTrustProviders('treatment'),
    // `in-care` from scheduling's appointments (ADR 0014); `own-sessions` from the session's therapist.
    ...careRelationshipProviders(),
    ...careAccessProviders,
    // Location codes scheduling never opened are refused (404 unknown-location) after the guard, before the handler.
    ...knownLocationProviders(),
    { provide: CLOCK, useValue: systemClock },
    AuditedRecords,
    NoteWriter,
    CreatePlanService,
    GetPlanService,
    RevisePlanService,
    ClosePlanService,
    GetOutcomesService,
    GetNoteService,
    SaveNoteService,
    SignNoteService,
    AmendNoteService,
    ExportFhirRecordService,
    ListOwnSessionsService,
  ],
})
export class TreatmentModule {}
