import { InboxMessageEntity } from './inbox/inbox-message.entity';
import { CreateMessagingTables1764230400000 } from './migrations/1764230400000-create-messaging-tables.migration';
import { MessagingReliability1764900000000 } from './migrations/1764900000000-messaging-reliability.migration';
import { OutboxTombstones1764900300000 } from './migrations/1764900300000-outbox-tombstones.migration';
import { OutboxMessageEntity } from './outbox/outbox-message.entity';

/** Add to the service's TypeORM `entities`. */
export const MESSAGING_ENTITIES = [OutboxMessageEntity, InboxMessageEntity];
/** Add to the service's TypeORM `migrations` (they are hand-written SQL; never `synchronize`). */
export const MESSAGING_MIGRATIONS = [CreateMessagingTables1764230400000, MessagingReliability1764900000000, OutboxTombstones1764900300000];
