import type { TopicDefinition } from './event-definition';
import {
  INTAKE_CLIENT_CONTACT_TOPIC,
  INTAKE_EVENTS_TOPIC,
  SCHEDULING_APPOINTMENTS_TOPIC,
  SCHEDULING_LOCATIONS_TOPIC,
  SCHEDULING_THERAPISTS_TOPIC,
  SCHEDULING_WAITLIST_TOPIC,
  TREATMENT_EVENTS_TOPIC,
} from './topics';

/** A consumer group of a service: what it reads, and where records it cannot handle go. */
export interface ConsumerGroupDefinition {
  readonly name: string;
  readonly service: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic: TopicDefinition;
}

export function deadLetterTopicName(consumerGroup: string): string {
  return `${consumerGroup}.dlq`;
}

/**
 * Notification: welcomes and clearance letters (intake events, the private contact topic), an appointment's notices
 * and reminders (the appointments topic; the locations topic for each location's zone), after-care (treatment's
 * SessionLogged), waitlist offers (the waitlist topic) and licence-expiry notices (the therapists topic).
 */
export const NOTIFICATION_CONSUMER_GROUP: ConsumerGroupDefinition = {
  name: 'notification',
  service: 'notification',
  topics: [
    INTAKE_EVENTS_TOPIC.name,
    INTAKE_CLIENT_CONTACT_TOPIC.name,
    SCHEDULING_APPOINTMENTS_TOPIC.name,
    SCHEDULING_LOCATIONS_TOPIC.name,
    SCHEDULING_WAITLIST_TOPIC.name,
    SCHEDULING_THERAPISTS_TOPIC.name,
    TREATMENT_EVENTS_TOPIC.name,
  ],
  deadLetterTopic: {
    name: deadLetterTopicName('notification'),
    partitions: 3,
    cleanupPolicy: 'delete',
    visibility: 'private',
    description: 'Records the notification service could not handle: unparseable, schema-invalid, or failing after every retry.',
  },
};

/** Scheduling's eligibility projection: clients, their screenings and clearances, from intake's public events. */
export const SCHEDULING_CONSUMER_GROUP: ConsumerGroupDefinition = {
  name: 'scheduling',
  service: 'scheduling',
  topics: [INTAKE_EVENTS_TOPIC.name],
  deadLetterTopic: {
    name: deadLetterTopicName('scheduling'),
    partitions: 3,
    cleanupPolicy: 'delete',
    visibility: 'private',
    description: 'Records the scheduling service could not apply to its eligibility projection: unparseable, schema-invalid, or failing after every retry.',
  },
};

/**
 * Treatment's projections: appointments (a draft note opens at check-in; who treats whom), therapists (the staff
 * subject behind a scheduling id), the known locations (codes and zones) and the client's screenings and
 * clearances (what a plan and a note may not do).
 */
export const TREATMENT_CONSUMER_GROUP: ConsumerGroupDefinition = {
  name: 'treatment',
  service: 'treatment',
  topics: [SCHEDULING_APPOINTMENTS_TOPIC.name, SCHEDULING_THERAPISTS_TOPIC.name, SCHEDULING_LOCATIONS_TOPIC.name, INTAKE_EVENTS_TOPIC.name],
  deadLetterTopic: {
    name: deadLetterTopicName('treatment'),
    partitions: 3,
    cleanupPolicy: 'delete',
    visibility: 'private',
    description: 'Records the treatment service could not apply to its projections: unparseable, schema-invalid, or failing after every retry.',
  },
};

/**
 * Intake's projections of scheduling (ADR 0014): the care relationships its `in-care` grants read (therapists and
 * appointments) and the known locations it accepts codes of (the compacted locations topic).
 */
export const INTAKE_CONSUMER_GROUP: ConsumerGroupDefinition = {
  name: 'intake',
  service: 'intake',
  topics: [SCHEDULING_LOCATIONS_TOPIC.name, SCHEDULING_THERAPISTS_TOPIC.name, SCHEDULING_APPOINTMENTS_TOPIC.name],
  deadLetterTopic: {
    name: deadLetterTopicName('intake'),
    partitions: 3,
    cleanupPolicy: 'delete',
    visibility: 'private',
    description: 'Records the intake service could not apply to its care relationships or known locations: unparseable, schema-invalid, or failing after every retry.',
  },
};

export const CONSUMER_GROUPS: readonly ConsumerGroupDefinition[] = [NOTIFICATION_CONSUMER_GROUP, SCHEDULING_CONSUMER_GROUP, TREATMENT_CONSUMER_GROUP, INTAKE_CONSUMER_GROUP];
