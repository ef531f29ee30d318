import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { EventDefinition } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import type { AppointmentResponse, AppointmentStatus } from '@massage/scheduling-api';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound, type CommandContext } from '../http/request-context';
import { SchedulingRefusal } from '../http/scheduling-refusal';
import { findAppointment, toAppointmentResponse, type AppointmentRow } from './appointment.row';

/** One step of an appointment's day: from which statuses, to which, and what it records. */
export interface Transition<P> {
  /** The audit operation code, e.g. `appointment.check-in`. */
  operation: string;
  from: readonly AppointmentStatus[];
  to: AppointmentStatus;
  /** A further rule on the locked row at `now` (e.g. no no-show before the start); a refusal or nothing. */
  guard?: (row: AppointmentRow, now: Date) => SchedulingRefusal | undefined;
  /** The columns to set besides `status` and `updated_at`: a SQL fragment where `$3` is `now` and its own values are `$4`…. */
  set: (row: AppointmentRow, now: Date) => { sql: string; values: unknown[] };
  event: EventDefinition<P>;
  payload: (row: AppointmentRow, now: Date) => P;
}

/**
 * Moves an appointment along its day under a row lock, with its event and audit row in the same transaction.
 * Asking again for the state it is already in answers the appointment as it is (a retried request changes
 * nothing and publishes nothing); any other status is refused as `invalid-transition` (409).
 */
@Injectable()
export class AppointmentTransitions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  apply<P>(ctx: CommandContext, appointmentId: string, now: Date, t: Transition<P>): Promise<AppointmentResponse> {
    return this.dataSource.transaction(async (manager) => {
      const row = await findAppointment(manager, ctx.locationId, appointmentId, true);
      if (!row) throw notFound('appointment');
      if (row.status === t.to) return toAppointmentResponse(row);
      if (!t.from.includes(row.status)) {
        throw new SchedulingRefusal(409, 'invalid-transition', `The appointment is ${row.status}; it cannot become ${t.to}.`);
      }
      const refused = t.guard?.(row, now);
      if (refused) throw refused;
      const { sql, values } = t.set(row, now);
      await manager.query(`UPDATE appointment SET status = $2, updated_at = $3${sql ? `, ${sql}` : ''} WHERE id = $1`, [row.id, t.to, now, ...values]);
      await this.record(manager, ctx, row, t, now);
      const updated = await findAppointment(manager, ctx.locationId, appointmentId);
      if (!updated) throw new Error(`appointment ${appointmentId} vanished inside its transaction`);
      return toAppointmentResponse(updated);
    });
  }

  private async record<P>(manager: EntityManager, ctx: CommandContext, row: AppointmentRow, t: Transition<P>, now: Date): Promise<void> {
    await this.outbox.enqueue(manager, t.event, t.payload(row, now), { correlationId: ctx.correlationId });
    await this.audit.record(manager, {
      actor: ctx.actor,
      action: 'write',
      operation: t.operation,
      resourceType: 'appointment',
      resourceId: row.id,
      clientId: row.client_id,
      locationId: ctx.locationId,
      outcome: 'allowed',
      correlationId: ctx.correlationId,
    });
  }
}
