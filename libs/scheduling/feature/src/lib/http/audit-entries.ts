import type { AuditEntry } from '@massage/audit';
import type { CommandContext } from './request-context';

/** The audit row of an allowed write (codes and ids only). */
export function allowedWrite(ctx: CommandContext, operation: string, resourceType: string, resourceId: string, clientId?: string): AuditEntry {
  return {
    actor: ctx.actor,
    action: 'write',
    operation,
    resourceType,
    resourceId,
    ...(clientId !== undefined ? { clientId } : {}),
    locationId: ctx.locationId,
    outcome: 'allowed',
    correlationId: ctx.correlationId,
  };
}
