import type { AuditEntry, AuditTrail } from '@massage/audit';
import { SchedulingRefusal } from '../http/scheduling-refusal';
import { slotTakenFrom } from './slot-conflict';

/**
 * Runs a booking write; a refusal (the rules' `SchedulingRefusal`, or an exclusion violation answered `slot-taken`)
 * rolled it back, so it is audited on its own (`entry`, outcome refused, reason the rule) and thrown. Any other
 * error passes through untouched.
 */
export async function auditingRefusals<T>(audit: AuditTrail, entry: Omit<AuditEntry, 'action' | 'outcome' | 'reason'>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error: unknown) {
    const refusal = error instanceof SchedulingRefusal ? error : slotTakenFrom(error);
    if (!refusal) throw error;
    await audit.recordNow({ ...entry, action: 'write', outcome: 'refused', reason: refusal.rule });
    throw refusal;
  }
}
