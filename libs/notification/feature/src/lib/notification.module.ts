import { MessagingModule, messagingHealth } from '@massage/messaging';
import { HealthController } from '@massage/platform';
import { databaseHealthChecksProvider } from '@massage/platform-database';
import { serviceTrustProviders } from '@massage/platform-security';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryEntity } from './delivery.entity';
import { ClientContactErasedHandler } from './handlers/client-contact-erased.handler';
import { ClientContactRecordedHandler } from './handlers/client-contact-recorded.handler';
import { IntakeCompletedHandler } from './handlers/intake-completed.handler';
import { MAIL_SENDER_OPTIONS, MailSender, mailSenderOptionsFromEnv } from './mail-sender';
import { notificationDataSourceOptions } from './notification.database';
import { WelcomeService } from './welcome.service';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: notificationDataSourceOptions }),
    TypeOrmModule.forFeature([DeliveryEntity]),
    MessagingModule.forService({ source: 'notification' }),
  ],
  controllers: [HealthController, DeliveriesController, ClientContactRecordedHandler, ClientContactErasedHandler, IntakeCompletedHandler],
  // Identity only from the gateway's signed assertion; every route's policy enforced (docs/security.md).
  providers: [databaseHealthChecksProvider(messagingHealth({ source: 'notification', consumers: true })), ...serviceTrustProviders('notification'), { provide: MAIL_SENDER_OPTIONS, useFactory: mailSenderOptionsFromEnv }, MailSender, WelcomeService],
})
export class NotificationModule {}
