import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@massage/audit';
import { SchedulingAuditRecorded } from '@massage/contracts';
import { IdempotencyModule } from '@massage/idempotency';
import { MessagingModule, messagingHealth } from '@massage/messaging';
import { CLOCK, HealthController, strictValidationPipe, systemClock, systemTimer, TIMER } from '@massage/platform';
import { databaseHealthChecksProvider } from '@massage/platform-database';
import { serviceTrustProviders } from '@massage/platform-security';
import { AppointmentTransitions } from './appointments/appointment-transition';
import { LocationConfig } from './calendar/location-config';
import { StaffChange } from './calendar/staff-change';
import { AddClosureService } from './commands/configure-location/add-closure.service';
import { AddRoomService } from './commands/configure-location/add-room.service';
import { AddServiceService } from './commands/configure-location/add-service.service';
import { ConfigureLocationHttpController } from './commands/configure-location/configure-location.http.controller';
import { AddTimeOffHttpController } from './commands/add-time-off/add-time-off.http.controller';
import { AddTimeOffService } from './commands/add-time-off/add-time-off.service';
import { BookAppointmentHttpController } from './commands/book-appointment/book-appointment.http.controller';
import { BookAppointmentService } from './commands/book-appointment/book-appointment.service';
import { CancelAppointmentHttpController } from './commands/cancel-appointment/cancel-appointment.http.controller';
import { CancelAppointmentService } from './commands/cancel-appointment/cancel-appointment.service';
import { CreateLocationHttpController } from './commands/create-location/create-location.http.controller';
import { CreateLocationService } from './commands/create-location/create-location.service';
import { UpdateLocationHttpController } from './commands/update-location/update-location.http.controller';
import { UpdateLocationService } from './commands/update-location/update-location.service';
import { RecordAttendanceHttpController } from './commands/record-attendance/record-attendance.http.controller';
import { RecordAttendanceService } from './commands/record-attendance/record-attendance.service';
import { RecordCertificationHttpController } from './commands/record-certification/record-certification.http.controller';
import { RecordCertificationService } from './commands/record-certification/record-certification.service';
import { RecordLicenceHttpController } from './commands/record-licence/record-licence.http.controller';
import { RecordLicenceService } from './commands/record-licence/record-licence.service';
import { RegisterTherapistHttpController } from './commands/register-therapist/register-therapist.http.controller';
import { RegisterTherapistService } from './commands/register-therapist/register-therapist.service';
import { RescheduleAppointmentHttpController } from './commands/reschedule-appointment/reschedule-appointment.http.controller';
import { RescheduleAppointmentService } from './commands/reschedule-appointment/reschedule-appointment.service';
import { SetShiftsHttpController } from './commands/set-shifts/set-shifts.http.controller';
import { SetShiftsService } from './commands/set-shifts/set-shifts.service';
import { NotifyExpiringLicencesService } from './commands/notify-expiring-licences/notify-expiring-licences.service';
import { LicenceExpiryJob } from './licences/licence-expiry.job';
import { ClearanceEventsHandler } from './handlers/clearance-events.handler';
import { ClientRegisteredHandler } from './handlers/client-registered.handler';
import { ScreeningCompletedHandler } from './handlers/screening-completed.handler';
import { GetAppointmentHttpController } from './queries/get-appointment/get-appointment.http.controller';
import { GetAppointmentService } from './queries/get-appointment/get-appointment.service';
import { GetLocationHttpController } from './queries/get-location/get-location.http.controller';
import { GetLocationService } from './queries/get-location/get-location.service';
import { GetTherapistHttpController } from './queries/get-therapist/get-therapist.http.controller';
import { GetTherapistService } from './queries/get-therapist/get-therapist.service';
import { SearchAvailabilityHttpController } from './queries/search-availability/search-availability.http.controller';
import { SearchAvailabilityService } from './queries/search-availability/search-availability.service';
import { schedulingDataSourceOptions } from './scheduling.database';
import { AcceptWaitlistOfferHttpController } from './commands/accept-waitlist-offer/accept-waitlist-offer.http.controller';
import { AcceptWaitlistOfferService } from './commands/accept-waitlist-offer/accept-waitlist-offer.service';
import { BookSeriesHttpController } from './commands/book-series/book-series.http.controller';
import { BookSeriesService } from './commands/book-series/book-series.service';
import { DeclineWaitlistOfferHttpController } from './commands/decline-waitlist-offer/decline-waitlist-offer.http.controller';
import { DeclineWaitlistOfferService } from './commands/decline-waitlist-offer/decline-waitlist-offer.service';
import { JoinWaitlistHttpController } from './commands/join-waitlist/join-waitlist.http.controller';
import { JoinWaitlistService } from './commands/join-waitlist/join-waitlist.service';
import { LeaveWaitlistHttpController } from './commands/leave-waitlist/leave-waitlist.http.controller';
import { LeaveWaitlistService } from './commands/leave-waitlist/leave-waitlist.service';
import { GetWaitlistHttpController } from './queries/get-waitlist/get-waitlist.http.controller';
import { GetWaitlistService } from './queries/get-waitlist/get-waitlist.service';
import { WaitlistEntryChange } from './waitlist/waitlist-entry-change';
import { WaitlistOffering } from './waitlist/waitlist-offering';
import { WaitlistJob } from './waitlist/waitlist.job';

/**
 * The scheduling service: locations, rooms, services, therapists and appointments in `massage_scheduling`;
 * appointments under exclusion constraints; events through the outbox; the eligibility projection of intake's
 * events through the inbox (the handlers below, run by the reliable consumer the app connects).
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: schedulingDataSourceOptions }),
    MessagingModule.forService({ source: 'scheduling' }),
    AuditModule.forService({ event: SchedulingAuditRecorded }),
    IdempotencyModule.forService(),
  ],
  controllers: [
    HealthController,
    CreateLocationHttpController,
    GetLocationHttpController,
    ConfigureLocationHttpController,
    UpdateLocationHttpController,
    RegisterTherapistHttpController,
    GetTherapistHttpController,
    RecordLicenceHttpController,
    RecordCertificationHttpController,
    SetShiftsHttpController,
    AddTimeOffHttpController,
    SearchAvailabilityHttpController,
    BookAppointmentHttpController,
    GetAppointmentHttpController,
    RescheduleAppointmentHttpController,
    CancelAppointmentHttpController,
    RecordAttendanceHttpController,
    BookSeriesHttpController,
    JoinWaitlistHttpController,
    GetWaitlistHttpController,
    LeaveWaitlistHttpController,
    AcceptWaitlistOfferHttpController,
    DeclineWaitlistOfferHttpController,
    ClientRegisteredHandler,
    ScreeningCompletedHandler,
    ClearanceEventsHandler,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: strictValidationPipe },
    databaseHealthChecksProvider(messagingHealth({ source: 'scheduling', consumers: true })),
    // Identity only from the gateway's signed assertion; every route's policy enforced (docs/security.md).
    ...serviceTrustProviders('scheduling'),
    { provide: CLOCK, useValue: systemClock },
    { provide: TIMER, useValue: systemTimer },
    LocationConfig,
    StaffChange,
    AppointmentTransitions,
    CreateLocationService,
    GetLocationService,
    AddRoomService,
    AddServiceService,
    AddClosureService,
    UpdateLocationService,
    RegisterTherapistService,
    GetTherapistService,
    RecordLicenceService,
    RecordCertificationService,
    SetShiftsService,
    AddTimeOffService,
    SearchAvailabilityService,
    BookAppointmentService,
    GetAppointmentService,
    RescheduleAppointmentService,
    CancelAppointmentService,
    RecordAttendanceService,
    BookSeriesService,
    JoinWaitlistService,
    GetWaitlistService,
    LeaveWaitlistService,
    AcceptWaitlistOfferService,
    DeclineWaitlistOfferService,
    WaitlistEntryChange,
    WaitlistOffering,
    // Offers freed slots to the waitlist and ends expired holds; started with the service, stopped on shutdown.
    WaitlistJob,
    NotifyExpiringLicencesService,
    // Publishes LicenceExpiring 30 days before a licence's last day; started with the service, stopped on shutdown.
    LicenceExpiryJob,
  ],
})
export class SchedulingModule {}
