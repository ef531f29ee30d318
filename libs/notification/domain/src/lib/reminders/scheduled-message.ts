import { MESSAGE_ID_DOMAIN } from '../welcome-message';
import type { ScheduledKind } from './reminder-plan';

/** The notices sent as soon as the appointment event is handled. */
export type NoticeKind = 'booking-confirmed' | 'booking-rescheduled' | 'booking-cancelled';

/** Every kind of message notification schedules for an appointment (one row per kind and channel). */
export type AppointmentMessageKind = NoticeKind | ScheduledKind;

/** The template each kind renders with (the names of `@massage/notification-templates`). */
export function templateOf(kind: AppointmentMessageKind): NoticeKind | 'reminder' | 'pre-visit-check' {
  return kind.startsWith('reminder-') ? 'reminder' : (kind as NoticeKind | 'pre-visit-check');
}

/** Why a due message is not sent after all (ReminderCancelled's reasons). */
export type StaleReason = 'appointment-cancelled' | 'appointment-moved' | 'start-passed';

/**
 * Whether a due message still applies when it is sent: a notice of cancellation needs the appointment cancelled;
 * any other, the appointment booked at the start the message was planned for (a move or a cancellation that
 * committed first wins); and none goes out once that start has passed (a worker back after an outage does not remind
 * of a visit that has begun). Undefined: send it; otherwise why not.
 */
export function staleReason(
  kind: AppointmentMessageKind,
  messageStartsAt: Date,
  appointment: { status: 'booked' | 'cancelled'; startsAt: Date } | null,
  now: Date,
): StaleReason | undefined {
  if (!appointment) return 'appointment-cancelled';
  if (kind === 'booking-cancelled') {
    if (appointment.status !== 'cancelled') return 'appointment-moved';
  } else {
    if (appointment.status === 'cancelled') return 'appointment-cancelled';
    if (appointment.startsAt.getTime() !== messageStartsAt.getTime()) return 'appointment-moved';
  }
  return now.getTime() >= messageStartsAt.getTime() ? 'start-passed' : undefined;
}

/** Reminders and the pre-visit check (not the notices). */
export function isReminderKind(kind: string): boolean {
  return kind.startsWith('reminder-') || kind === 'pre-visit-check';
}

/**
 * The key of one message: the same message (after a crash, a redelivery) has the same key, a different one a
 * different key. A reminder is the reminder of one start; a notice is the notice of one event.
 */
export function appointmentMessageKey(input: { appointmentId: string; kind: AppointmentMessageKind; channel: string; startsAt: Date; eventId?: string }): string {
  const about = input.kind.startsWith('booking-') ? `event-${requireId(input.eventId ?? '')}` : `start-${input.startsAt.getTime()}`;
  return `${input.kind}.${input.channel}.${requireId(input.appointmentId)}.${about}`;
}

/** The SMTP Message-ID of a message key: a retry after a crash carries the same one. */
export function appointmentMessageId(messageKey: string): string {
  if (!/^[0-9a-zA-Z.-]+$/.test(messageKey)) throw new Error(`Not a message key: "${messageKey}"`);
  return `<${messageKey.toLowerCase()}@${MESSAGE_ID_DOMAIN}>`;
}

function requireId(id: string): string {
  if (!/^[0-9a-zA-Z-]+$/.test(id)) throw new Error(`Not an id: "${id}"`);
  return id.toLowerCase();
}

export interface RetryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, initialBackoffMs: 30_000, maxBackoffMs: 30 * 60_000 };

/**
 * After a failed attempt that may succeed later (`attempts` made so far, this one included): the instant to try
 * again (doubling from the initial backoff, capped), or `give-up` once the attempts are spent.
 */
export function afterTransientFailure(attempts: number, now: Date, policy: RetryPolicy = DEFAULT_RETRY_POLICY): { retryAt: Date } | 'give-up' {
  if (attempts >= policy.maxAttempts) return 'give-up';
  const backoff = Math.min(policy.initialBackoffMs * 2 ** Math.max(0, attempts - 1), policy.maxBackoffMs);
  return { retryAt: new Date(now.getTime() + backoff) };
}

/**
 * How old a booking, reschedule or cancellation may be and still get its notice: a notice is news only when it is
 * fresh. A consumer group that reads the appointments topic from its start (a first deploy of notification, a
 * rebuilt database, a replay) meets every booking ever made; their reminders are still planned, their notices not.
 */
export const NOTICE_FRESHNESS_MS = 24 * 60 * 60_000;

/** Whether a notice about a change that happened at `changedAt` is still worth sending at `now`. */
export function noticeIsFresh(changedAt: Date, now: Date, freshnessMs: number = NOTICE_FRESHNESS_MS): boolean {
  return now.getTime() - changedAt.getTime() <= freshnessMs;
}
