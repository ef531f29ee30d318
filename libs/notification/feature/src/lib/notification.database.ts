import { CreateMessagingTables1764230400000, MESSAGING_ENTITIES, MessagingReliability1764900000000, OutboxTombstones1764900300000 } from '@massage/messaging';
import { serviceDataSourceOptions } from '@massage/platform-database';
import type { DataSourceOptions } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { DeliveryEntity } from './delivery.entity';
import { CreateNotificationTables1764230700000 } from './migrations/1764230700000-create-notification-tables.migration';
import { WelcomeAwaitingContact1764231000000 } from './migrations/1764231000000-welcome-awaiting-contact.migration';
import { DeliveryFailed1764231200000 } from './migrations/1764231200000-delivery-failed.migration';
import { ClientWelcome1766000100000 } from './migrations/1766000100000-client-welcome.migration';
import { AppointmentMessages1766000200000 } from './migrations/1766000200000-appointment-messages.migration';
import { ClientPreferences1766000300000 } from './migrations/1766000300000-client-preferences.migration';
import { EventMessages1766000400000 } from './migrations/1766000400000-event-messages.migration';
import { ClearanceProviders1766000410000 } from './migrations/1766000410000-clearance-providers.migration';
import { LocationMessageSettings1766000500000 } from './migrations/1766000500000-location-message-settings.migration';

/**
 * Notification's own database: outbox + inbox, the contact projection, the delivery log (welcomes
 * included, also those awaiting a contact or refused for good by the SMTP server), who was welcomed, and the
 * appointments' notices and reminders (`appointment`, `scheduled_message`, `known_location`; ADR 0020), and each location's reminder settings.
 */
export function notificationDataSourceOptions(): DataSourceOptions {
  return serviceDataSourceOptions({
    defaultDatabase: 'massage_notification',
    entities: [...MESSAGING_ENTITIES, ContactEntity, DeliveryEntity],
    migrations: [
      CreateMessagingTables1764230400000,
      CreateNotificationTables1764230700000,
      WelcomeAwaitingContact1764231000000,
      DeliveryFailed1764231200000,
      MessagingReliability1764900000000,
      OutboxTombstones1764900300000,
      ClientWelcome1766000100000,
      AppointmentMessages1766000200000,
      ClientPreferences1766000300000,
      EventMessages1766000400000,
      ClearanceProviders1766000410000,
      LocationMessageSettings1766000500000,
    ],
  });
}
