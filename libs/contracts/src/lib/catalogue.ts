import type { EventDefinition } from './event-definition';
import { ClientRegistered } from './events/client-registered.event';
import { ClientContactRecorded } from './events/client-contact-recorded.event';
import { ClientContactErased } from './events/client-contact-erased.event';
import { IntakeCompleted } from './events/intake-completed.event';
import { IntakeCompletedV2Event } from './events/intake-completed-v2.event';
import { NotificationSent } from './events/notification-sent.event';
import { NotificationFailed } from './events/notification-failed.event';
import { ReminderScheduled } from './events/reminder-scheduled.event';
import { ReminderCancelled } from './events/reminder-cancelled.event';
import { IntakeAuditRecorded, SchedulingAuditRecorded, TreatmentAuditRecorded } from './events/audit-recorded.event';
import { ScreeningCompleted } from './events/screening-completed.event';
import { ClearanceRequested } from './events/clearance-requested.event';
import { ClearanceRecorded } from './events/clearance-recorded.event';
import { ClearanceExpired } from './events/clearance-expired.event';
import { ClearanceRevoked } from './events/clearance-revoked.event';
import { LocationOpened } from './events/location-opened.event';
import { LocationUpdated } from './events/location-updated.event';
import { TherapistRegistered } from './events/therapist-registered.event';
import { LicenceRecorded } from './events/licence-recorded.event';
import { LicenceExpiring } from './events/licence-expiring.event';
import { AppointmentBooked } from './events/appointment-booked.event';
import { AppointmentRescheduled } from './events/appointment-rescheduled.event';
import { AppointmentCancelled } from './events/appointment-cancelled.event';
import { ClientCheckedIn } from './events/client-checked-in.event';
import { AppointmentCompleted } from './events/appointment-completed.event';
import { NoShowRecorded } from './events/no-show-recorded.event';
import { WaitlistSlotOffered } from './events/waitlist-slot-offered.event';

import { TreatmentPlanCreated } from './events/treatment-plan-created.event';
import { TreatmentPlanRevised } from './events/treatment-plan-revised.event';
import { TreatmentPlanCompleted } from './events/treatment-plan-completed.event';
import { TreatmentPlanDiscontinued } from './events/treatment-plan-discontinued.event';
import { SessionLogged } from './events/session-logged.event';
import { SessionNoteAmended } from './events/session-note-amended.event';
import { PlanReviewNeeded } from './events/plan-review-needed.event';
/** Every event the system publishes. docs/events.md and the topic script are generated from this list. */
export const EVENT_CATALOGUE: readonly EventDefinition<unknown>[] = [
  ClientRegistered,
  ClientContactRecorded,
  ClientContactErased,
  IntakeCompleted,
  IntakeCompletedV2Event,
  NotificationSent,
  NotificationFailed,
  ReminderScheduled,
  ReminderCancelled,
  IntakeAuditRecorded,
  ScreeningCompleted,
  ClearanceRequested,
  ClearanceRecorded,
  ClearanceExpired,
  ClearanceRevoked,
  LocationOpened,
  LocationUpdated,
  TherapistRegistered,
  LicenceRecorded,
  LicenceExpiring,
  AppointmentBooked,
  AppointmentRescheduled,
  AppointmentCancelled,
  ClientCheckedIn,
  AppointmentCompleted,
  NoShowRecorded,
  WaitlistSlotOffered,
  SchedulingAuditRecorded,
  TreatmentPlanCreated,
  TreatmentPlanRevised,
  TreatmentPlanCompleted,
  TreatmentPlanDiscontinued,
  SessionLogged,
  SessionNoteAmended,
  PlanReviewNeeded,
  TreatmentAuditRecorded,
] as readonly EventDefinition<never>[] as readonly EventDefinition<unknown>[];

export function findEventDefinition(type: string): EventDefinition<unknown> | undefined {
  return EVENT_CATALOGUE.find((d) => d.type === type);
}
