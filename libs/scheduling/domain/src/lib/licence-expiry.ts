import type { Licence, Therapist } from './calendar.types';
import { addDays, type LocalDate } from './local-time';

/** How many days before a licence's last valid day its manager is told (issue 8: `LicenceExpiring`). */
export const LICENCE_NOTICE_DAYS = 30;

/**
 * Licences whose notice is due on `today`: from `LICENCE_NOTICE_DAYS` before the last valid day up to that
 * day. A window, not one exact day, so a job that missed a day still sends it; the job keeps which
 * (therapist, licence number, expiry) it has announced, so each is announced once.
 */
export function licencesDueForNotice(therapists: readonly Therapist[], today: LocalDate, noticeDays = LICENCE_NOTICE_DAYS): { therapistId: string; licence: Licence }[] {
  return therapists.flatMap((t) =>
    t.licences.filter((l) => addDays(l.expiresOn, -noticeDays) <= today && today <= l.expiresOn).map((licence) => ({ therapistId: t.id, licence })),
  );
}
