import { HttpException, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@massage/security';

/** One read of health data (or a client's record) through the gateway (DOMAIN.md, "Privacy"). */
export interface HealthDataRead {
  actor: Actor;
  /** The location whose data was asked for (the path's), which differs from the actor's own only for hq-admin. */
  locationId: string;
  action:
    | 'client.read'
    | 'intake.read'
    | 'intake.list'
    | 'delivery.list'
    | 'screening.read'
    | 'screening.list'
    | 'clearance.read'
    | 'clearance.list'
    // Treatment's records: plans and their outcome trend, a session's SOAP note, the FHIR export.
    | 'plan.list'
    | 'plan.read'
    | 'plan.outcomes'
    | 'note.read'
    | 'record.fhir';
  clientId: string;
  intakeId?: string;
  clearanceId?: string;
  /** Status the caller got: 200 when data was disclosed, 404 when there was nothing (or nothing of theirs). */
  status: number;
  correlationId: string;
}

/**
 * Writes the audit trail: one JSON line per event through Nest's Logger, context `Audit`, so the
 * log shipper can route it to the audit store. Lines hold ids and codes, never the health data read.
 */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger('Audit');

  healthDataRead(entry: HealthDataRead, now: Date = new Date()): void {
    this.logger.log(
      JSON.stringify({
        audit: 'health-data.read',
        at: now.toISOString(),
        who: { sub: entry.actor.subject, role: entry.actor.role, location: entry.actor.locationId },
        what: { action: entry.action, locationId: entry.locationId, clientId: entry.clientId, ...(entry.intakeId ? { intakeId: entry.intakeId } : {}), ...(entry.clearanceId ? { clearanceId: entry.clearanceId } : {}) },
        outcome: { status: entry.status, disclosed: entry.status >= 200 && entry.status < 300 },
        correlationId: entry.correlationId,
      }),
    );
  }

  /** Runs a read and audits it whatever its outcome, including a failed or refused one. */
  async read<T extends { status: number }>(entry: Omit<HealthDataRead, 'status'>, perform: () => Promise<T>): Promise<T> {
    try {
      const result = await perform();
      this.healthDataRead({ ...entry, status: result.status });
      return result;
    } catch (error: unknown) {
      this.healthDataRead({ ...entry, status: error instanceof HttpException ? error.getStatus() : 500 });
      throw error;
    }
  }
}
