import type { Licence, Therapist } from './calendar.types';
import { addDays, boundaryInstant, localDateOf, type LocalDate } from './local-time';

/** How many days before a licence's last valid day its manager is told (issue 8: `LicenceExpiring`). */
export const LICENCE_NOTICE_DAYS = 30;

/**
 * Licences whose notice is due on `today`: from `LICENCE_NOTICE_DAYS` before the last valid day up to that
 * day. A window, not one exact day, so a job that missed a day still sends it; the job keeps which
 * (therapist, jurisdiction, expiry) it has announced, so each is announced once.
 */
export function licencesDueForNotice(
  therapists: readonly Pick<Therapist, 'id' | 'licences'>[],
  today: LocalDate,
  noticeDays = LICENCE_NOTICE_DAYS,
): { therapistId: string; licence: Licence }[] {
  return therapists.flatMap((t) =>
    t.licences.filter((l) => addDays(l.expiresOn, -noticeDays) <= today && today <= l.expiresOn).map((licence) => ({ therapistId: t.id, licence })),
  );
}

/**
 * A therapist's "today" for licence notices: the latest local date at `now` among the zones of the locations
 * they work at (the first of them to reach a day starts it), so the notice goes out as soon as any of their
 * managers is on that day. UTC when the therapist works nowhere.
 */
export function noticeToday(now: Date, timeZones: readonly string[]): LocalDate {
  const dates = (timeZones.length > 0 ? timeZones : ['UTC']).map((zone) => localDateOf(now, zone));
  return dates.reduce((a, b) => (b > a ? b : a));
}

/**
 * The instant a licence's notice falls due: the local midnight that starts its notice day, at the first of
 * `timeZones` to reach it (the instant `noticeToday` reaches that day). A job arms itself for it.
 */
export function licenceNoticeFrom(expiresOn: LocalDate, timeZones: readonly string[], noticeDays = LICENCE_NOTICE_DAYS): Date {
  const day = addDays(expiresOn, -noticeDays);
  const starts = (timeZones.length > 0 ? timeZones : ['UTC']).map((zone) => boundaryInstant(day, '00:00', zone).getTime());
  return new Date(Math.min(...starts));
}
