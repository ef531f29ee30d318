import type { EventDefinition } from './event-definition';
import { ClientRegistered } from './events/client-registered.event';
import { ClientContactRecorded } from './events/client-contact-recorded.event';
import { ClientContactErased } from './events/client-contact-erased.event';
import { IntakeCompleted } from './events/intake-completed.event';
import { IntakeCompletedV2Event } from './events/intake-completed-v2.event';
import { NotificationSent } from './events/notification-sent.event';
import { IntakeAuditRecorded } from './events/audit-recorded.event';
import { ScreeningCompleted } from './events/screening-completed.event';

/** Every event the system publishes. docs/events.md and the topic script are generated from this list. */
export const EVENT_CATALOGUE: readonly EventDefinition<unknown>[] = [
  ClientRegistered,
  ClientContactRecorded,
  ClientContactErased,
  IntakeCompleted,
  IntakeCompletedV2Event,
  NotificationSent,
  IntakeAuditRecorded,
  ScreeningCompleted,
] as readonly EventDefinition<never>[] as readonly EventDefinition<unknown>[];

export function findEventDefinition(type: string): EventDefinition<unknown> | undefined {
  return EVENT_CATALOGUE.find((d) => d.type === type);
}
