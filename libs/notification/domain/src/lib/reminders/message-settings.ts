import { DAY_MINUTES, type NotificationSettings } from './reminder-plan';

/** A week: no reminder is planned further ahead than the booking horizon of a week's visits. */
export const MAX_MESSAGE_OFFSET_MINUTES = 7 * DAY_MINUTES;
export const MAX_REMINDERS = 4;

const LOCAL_TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A field of the settings and why it is refused (the `invalid-params` of a problem+json answer). */
export interface SettingsProblem {
  name: string;
  reason: string;
}

function offsetProblem(value: number): string | null {
  if (!Number.isInteger(value) || value < 1 || value > MAX_MESSAGE_OFFSET_MINUTES)
    return `must be whole minutes from 1 to ${MAX_MESSAGE_OFFSET_MINUTES} (7 days)`;
  return null;
}

/**
 * Why a location's settings cannot be used, empty when they can: offsets of 1 minute to 7 days (a whole number of
 * days keeps the start's local clock time, see `NotificationSettings`), at most four distinct reminders, and quiet
 * hours that are a span (`from` equal to `to` would be no quiet hours, or all day: ambiguous, refused).
 */
export function settingsProblems(settings: NotificationSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const offsets = settings.reminderOffsetsMinutes;
  if (offsets.length > MAX_REMINDERS)
    problems.push({ name: 'reminderOffsetsMinutes', reason: `must hold at most ${MAX_REMINDERS} reminders` });
  if (new Set(offsets).size !== offsets.length)
    problems.push({ name: 'reminderOffsetsMinutes', reason: 'must not repeat an offset' });
  offsets.forEach((offset, i) => {
    const reason = offsetProblem(offset);
    if (reason) problems.push({ name: `reminderOffsetsMinutes.${i}`, reason });
  });
  if (settings.preVisitCheckMinutes !== null) {
    const reason = offsetProblem(settings.preVisitCheckMinutes);
    if (reason) problems.push({ name: 'preVisitCheckMinutes', reason });
  }
  const quiet = settings.quietHours;
  if (quiet) {
    if (!LOCAL_TIME_RE.test(quiet.from))
      problems.push({ name: 'quietHours.from', reason: 'must be a local time HH:mm' });
    if (!LOCAL_TIME_RE.test(quiet.to)) problems.push({ name: 'quietHours.to', reason: 'must be a local time HH:mm' });
    if (quiet.from === quiet.to) problems.push({ name: 'quietHours.to', reason: 'must differ from quietHours.from' });
  }
  return problems;
}
