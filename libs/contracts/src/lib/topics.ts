import type { TopicDefinition } from './event-definition';

export const INTAKE_EVENTS_TOPIC: TopicDefinition = {
  name: 'intake.events.v1',
  partitions: 6,
  cleanupPolicy: 'delete',
  visibility: 'public',
  description: 'Client registration and intake lifecycle, keyed by client id so one client\'s events stay in order.',
};

export const INTAKE_CLIENT_CONTACT_TOPIC: TopicDefinition = {
  name: 'intake.client-contact.v1',
  partitions: 3,
  cleanupPolicy: 'compact',
  visibility: 'private',
  description: 'Contact details the notification service needs to reach a client. Private to notification (ADR 0003); compacted to the latest value per client.',
};

export const NOTIFICATION_EVENTS_TOPIC: TopicDefinition = {
  name: 'notification.events.v1',
  partitions: 3,
  cleanupPolicy: 'delete',
  visibility: 'public',
  description: 'Messages delivered to clients, keyed by client id.',
};

export const AUDIT_TOPIC: TopicDefinition = {
  name: 'audit.v1',
  partitions: 3,
  cleanupPolicy: 'delete',
  visibility: 'private',
  description: 'Every audit row of every service (who read or wrote health data, refusals included), keyed by the producing service so each hash chain stays in order. Private to the audit archive (ADR 0008); ids and codes only.',
};

export const SCHEDULING_APPOINTMENTS_TOPIC: TopicDefinition = {
  name: 'scheduling.appointments.v1',
  partitions: 6,
  cleanupPolicy: 'delete',
  visibility: 'public',
  description: "Appointment lifecycle (booked, rescheduled, cancelled, checked in, completed, no-show), keyed by appointment id so one appointment's events stay in order. Ids and codes only.",
};

export const SCHEDULING_THERAPISTS_TOPIC: TopicDefinition = {
  name: 'scheduling.therapists.v1',
  partitions: 3,
  cleanupPolicy: 'delete',
  visibility: 'public',
  description: "Therapists joining locations and their licences, keyed by therapist id. No names.",
};

export const SCHEDULING_LOCATIONS_TOPIC: TopicDefinition = {
  name: 'scheduling.locations.v1',
  partitions: 3,
  cleanupPolicy: 'compact',
  visibility: 'public',
  description: 'The franchise locations, compacted to the latest value per location code: read from the start, it lists every location once.',
};

export const SCHEDULING_WAITLIST_TOPIC: TopicDefinition = {
  name: 'scheduling.waitlist.v1',
  partitions: 3,
  cleanupPolicy: 'delete',
  visibility: 'public',
  description: "Waitlist offers (a freed slot held for a waiting client), keyed by waitlist entry id so one entry's offers stay in order. Ids and instants only.",
};

export const TREATMENT_EVENTS_TOPIC: TopicDefinition = {
  name: 'treatment.events.v1',
  partitions: 6,
  cleanupPolicy: 'delete',
  visibility: 'public',
  description:
    "Treatment plans, signed sessions, amendments and plan reviews, keyed by client id so one client's record stays in order (a session after the plan it counts towards, an amendment after the session it corrects). Ids and codes only: no note text.",
};

export const TOPICS: readonly TopicDefinition[] = [INTAKE_EVENTS_TOPIC, INTAKE_CLIENT_CONTACT_TOPIC, NOTIFICATION_EVENTS_TOPIC, AUDIT_TOPIC, SCHEDULING_APPOINTMENTS_TOPIC, SCHEDULING_THERAPISTS_TOPIC, SCHEDULING_LOCATIONS_TOPIC, SCHEDULING_WAITLIST_TOPIC, TREATMENT_EVENTS_TOPIC];
