import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@massage/platform';
import { toFhirBundle } from '@massage/treatment-domain';
import type { Bundle } from '@medplum/fhirtypes';
import { AuditedRecords } from '../../http/audited-records';
import type { CommandContext } from '../../http/request-context';
import { notesOfClient } from '../../notes/note.store';
import { listPlans } from '../../plans/plan.store';

/**
 * The client's treatment record at the location as a FHIR R4 Bundle (the domain's `toFhirBundle`): plans with
 * their goals, signed sessions with their procedures and pain observations. Names, contact details and intake
 * answers are intake's: the Patient is the client's id, and the gateway puts intake's Patient and
 * QuestionnaireResponses in its place (ADR 0023). Audited as a read of the whole record.
 */
@Injectable()
export class ExportFhirRecordService {
  constructor(
    private readonly records: AuditedRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  export(ctx: CommandContext): Promise<Bundle> {
    return this.records.read(ctx, { operation: 'record.export-fhir', resourceType: 'treatment-record', resourceId: ctx.clientId }, 'client', async (manager) => {
      const plans = (await listPlans(manager, ctx)).map((s) => s.plan);
      const notes = await notesOfClient(manager, ctx, true);
      return toFhirBundle({ clientId: ctx.clientId, plans, notes }, { exportedAt: this.clock.now() });
    });
  }
}
