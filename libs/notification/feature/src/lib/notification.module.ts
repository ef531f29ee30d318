import { MessagingModule, messagingHealth } from '@massage/messaging';
import { KnownLocationEventsHandler } from '@massage/known-locations';
import { CLOCK, HealthController, systemClock, systemTimer, TIMER } from '@massage/platform';
import { databaseHealthChecksProvider } from '@massage/platform-database';
import { serviceTrustProviders } from '@massage/platform-security';
import { DEFAULT_RETRY_POLICY } from '@massage/notification-domain';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppointmentEventsHandler } from './appointments/appointment-events.handler';
import { AppointmentMessagesService } from './appointments/appointment-messages.service';
import { MESSAGE_RENDERER, templateRenderer } from './appointments/message-renderer';
import { ScheduledMessageJob } from './appointments/scheduled-message.job';
import { MESSAGE_RETRY_POLICY, SendDueMessagesService } from './appointments/send-due-messages.service';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryEntity } from './delivery.entity';
import { EventMessagesHandler } from './event-messages/event-messages.handler';
import { EventMessagesService } from './event-messages/event-messages.service';
import { ClientContactErasedHandler } from './handlers/client-contact-erased.handler';
import { ClientContactRecordedHandler } from './handlers/client-contact-recorded.handler';
import { IntakeCompletedHandler } from './handlers/intake-completed.handler';
import { LocationMessageSettingsController } from './message-settings/location-message-settings.controller';
import { MAIL_SENDER_OPTIONS, MailSender, mailSenderOptionsFromEnv } from './mail-sender';
import { notificationDataSourceOptions } from './notification.database';
import { SMS_AND_PREFERENCES_CONTROLLERS, SMS_AND_PREFERENCES_PROVIDERS } from './sms/sms-and-preferences.parts';
import { WelcomeService } from './welcome.service';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: notificationDataSourceOptions }),
    TypeOrmModule.forFeature([DeliveryEntity]),
    MessagingModule.forService({ source: 'notification' }),
  ],
  controllers: [
    HealthController,
    DeliveriesController,
    ClientContactRecordedHandler,
    ClientContactErasedHandler,
    IntakeCompletedHandler,
    AppointmentEventsHandler,
    KnownLocationEventsHandler,
    ...SMS_AND_PREFERENCES_CONTROLLERS,
    EventMessagesHandler,
    LocationMessageSettingsController,
  ],
  // Identity only from the gateway's signed assertion; every route's policy enforced (docs/security.md).
  providers: [
    databaseHealthChecksProvider(messagingHealth({ source: 'notification', consumers: true })),
    ...serviceTrustProviders('notification'),
    { provide: MAIL_SENDER_OPTIONS, useFactory: mailSenderOptionsFromEnv },
    MailSender,
    WelcomeService,
    { provide: CLOCK, useValue: systemClock },
    { provide: TIMER, useValue: systemTimer },
    { provide: MESSAGE_RENDERER, useValue: templateRenderer },
    { provide: MESSAGE_RETRY_POLICY, useValue: DEFAULT_RETRY_POLICY },
    AppointmentMessagesService,
    SendDueMessagesService,
    ScheduledMessageJob,
    ...SMS_AND_PREFERENCES_PROVIDERS,
    EventMessagesService,
  ],
})
export class NotificationModule {}
