import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import type { AppointmentResponse } from '@massage/scheduling-api';
import { DataSource } from 'typeorm';
import { findAppointment, toAppointmentResponse } from '../../appointments/appointment.row';
import { notFound, type CommandContext } from '../../http/request-context';

/**
 * An appointment of the location (its plan names techniques, regions and pressure chosen for the client's
 * health): audited before answering; another location's appointment is "not found".
 */
@Injectable()
export class GetAppointmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async get(ctx: CommandContext, appointmentId: string): Promise<AppointmentResponse> {
    const row = await findAppointment(this.dataSource.manager, ctx.locationId, appointmentId);
    await this.audit.recordNow({
      actor: ctx.actor,
      action: 'read',
      operation: 'appointment.read',
      resourceType: 'appointment',
      resourceId: appointmentId,
      ...(row ? { clientId: row.client_id, outcome: 'allowed' } : { outcome: 'refused', reason: 'not-found' }),
      locationId: ctx.locationId,
      correlationId: ctx.correlationId,
    });
    if (!row) throw notFound('appointment');
    return toAppointmentResponse(row);
  }
}
