import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { LicenceExpiring } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import { addDays, licenceNoticeFrom, licencesDueForNotice, localDateOf, noticeToday, type Licence } from '@massage/scheduling-domain';
import { DataSource } from 'typeorm';

/** A licence not yet announced, with the zones of the locations its therapist works at. */
interface PendingLicence {
  therapistId: string;
  licence: Licence;
  zones: string[];
}

/**
 * Publishes `LicenceExpiring` for every licence whose notice window has begun (`licencesDueForNotice`, on the
 * therapist's `noticeToday`): for each, in one transaction, the licence re-read and locked (a renewal committed
 * meanwhile is not announced with its old expiry), a `licence_notice` row and the event. The row's key
 * (therapist, jurisdiction, expiry) makes it once, whatever the number of runs or replicas: a second insert
 * does nothing and enqueues nothing.
 */
@Injectable()
export class NotifyExpiringLicencesService {
  private readonly logger = new Logger(NotifyExpiringLicencesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Announces everything due at `now`; resolves to the instant the next pending licence falls due (undefined
   * when none is pending). A licence that fails is tried at the next run; the run then rejects, after the others.
   */
  async runDue(now: Date): Promise<Date | undefined> {
    const pending = await this.pending(now);
    const byToday = new Map<string, PendingLicence[]>();
    for (const p of pending) {
      const today = noticeToday(now, p.zones);
      byToday.set(today, [...(byToday.get(today) ?? []), p]);
    }
    const failures: unknown[] = [];
    let next: number | undefined;
    for (const [today, group] of byToday) {
      const due = new Set(licencesDueForNotice(group.map((p) => ({ id: p.therapistId, licences: [p.licence] })), today).map((d) => d.licence));
      for (const p of group) {
        if (!due.has(p.licence)) {
          // Not yet in its window (one past it is never due again): arm for the start of its notice day.
          if (today < p.licence.expiresOn) next = Math.min(next ?? Infinity, licenceNoticeFrom(p.licence.expiresOn, p.zones).getTime());
          continue;
        }
        await this.notify(p, now).catch((error: unknown) => failures.push(error));
      }
    }
    if (failures.length > 0) {
      const [first] = failures;
      throw new Error(`${failures.length} licence notice(s) failed (first: ${first instanceof Error ? first.message : String(first)})`);
    }
    return next === undefined ? undefined : new Date(next);
  }

  /** Publishes one notice unless it has been published (or the licence changed); true when this call did it. */
  async notify(p: PendingLicence, now: Date): Promise<boolean> {
    const { therapistId, licence } = p;
    const done = await this.dataSource.transaction(async (manager) => {
      const current = (await manager.query(`SELECT 1 FROM therapist_licence WHERE therapist_id = $1 AND jurisdiction = $2 AND expires_on = $3 FOR SHARE`, [
        therapistId,
        licence.jurisdiction,
        licence.expiresOn,
      ])) as unknown[];
      if (current.length === 0) return false;
      const inserted = (await manager.query(
        `INSERT INTO licence_notice (therapist_id, jurisdiction, expires_on, noticed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
        [therapistId, licence.jurisdiction, licence.expiresOn, now],
      )) as unknown[];
      if (inserted.length === 0) return false;
      const locations = (await manager.query(`SELECT location_id FROM therapist_location WHERE therapist_id = $1 ORDER BY location_id`, [therapistId])) as { location_id: string }[];
      await this.outbox.enqueue(
        manager,
        LicenceExpiring,
        { therapistId, jurisdiction: licence.jurisdiction, expiresOn: licence.expiresOn, locationIds: locations.map((l) => l.location_id), noticedAt: now.toISOString() },
        { correlationId: randomUUID() },
      );
      return true;
    });
    if (done) this.logger.log(JSON.stringify({ event: 'licence.expiring', therapistId, jurisdiction: licence.jurisdiction, expiresOn: licence.expiresOn }));
    return done;
  }

  /**
   * Licences not announced yet whose last day has not passed everywhere (the UTC date less one day bounds every
   * zone's date), with the zones of their therapist's locations.
   */
  private async pending(now: Date): Promise<PendingLicence[]> {
    const rows = (await this.dataSource.query(
      `SELECT l.therapist_id, l.jurisdiction, l.number, l.valid_from::text, l.expires_on::text, array_agg(DISTINCT loc.time_zone ORDER BY loc.time_zone) AS zones
       FROM therapist_licence l
       JOIN therapist_location tl ON tl.therapist_id = l.therapist_id
       JOIN location loc ON loc.id = tl.location_id
       WHERE l.expires_on >= $1::date
         AND NOT EXISTS (SELECT 1 FROM licence_notice n WHERE n.therapist_id = l.therapist_id AND n.jurisdiction = l.jurisdiction AND n.expires_on = l.expires_on)
       GROUP BY l.therapist_id, l.jurisdiction, l.number, l.valid_from, l.expires_on
       ORDER BY l.expires_on, l.therapist_id, l.jurisdiction`,
      [addDays(localDateOf(now, 'UTC'), -1)],
    )) as { therapist_id: string; jurisdiction: string; number: string; valid_from: string | null; expires_on: string; zones: string[] }[];
    return rows.map((r) => ({
      therapistId: r.therapist_id,
      licence: { number: r.number, jurisdiction: r.jurisdiction, expiresOn: r.expires_on, ...(r.valid_from ? { validFrom: r.valid_from } : {}) },
      zones: r.zones,
    }));
  }
}
