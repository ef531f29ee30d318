import type { ClearanceExpiredV1, ClearanceRecordedV1, ClearanceRequestedV1, ClearanceRevokedV1, ClearanceRevokeReason } from '@massage/contracts';
import type { ClearanceResponse } from '@massage/intake-api';
import type { ClearanceEntity, RecordedClearance } from './clearance.entity';

/** A clearance as the API answers it (health data: provider and scope included; `clearance:read` only). */
export function toClearanceResponse(c: ClearanceEntity): ClearanceResponse {
  return {
    id: c.id,
    clientId: c.clientId,
    locationId: c.locationId,
    rules: c.rules,
    status: c.status,
    provider: { name: c.providerName, contact: c.providerContact },
    request:
      c.requestedAt && c.requestedBy
        ? { techniques: c.requestedTechniques, sites: c.requestedSites, maxPressure: c.requestedMaxPressure, at: c.requestedAt.toISOString(), by: c.requestedBy }
        : null,
    scope: c.techniques && c.sites ? { techniques: c.techniques, sites: c.sites, maxPressure: c.maxPressure, positioning: c.positioning ?? [] } : null,
    recordedAt: c.recordedAt?.toISOString() ?? null,
    recordedBy: c.recordedBy,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    documentRef: c.documentRef,
    expiredAt: c.expiredAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedBy: c.revokedBy,
    revokeReason: c.revokeReason as ClearanceRevokeReason | null,
  };
}

// Events: ids and codes only; the provider, the contact and the letter's reference stay in this database.
const base = (c: ClearanceEntity) => ({ clearanceId: c.id, clientId: c.clientId, locationId: c.locationId, rules: c.rules });

export function toClearanceRequested(c: ClearanceEntity, requestedAt: Date): ClearanceRequestedV1 {
  return {
    ...base(c),
    ...(c.requestedTechniques !== null ? { techniques: c.requestedTechniques } : {}),
    ...(c.requestedSites !== null ? { sites: c.requestedSites } : {}),
    ...(c.requestedMaxPressure !== null ? { maxPressure: c.requestedMaxPressure } : {}),
    requestedAt: requestedAt.toISOString(),
  };
}

export function toClearanceRecorded(c: RecordedClearance): ClearanceRecordedV1 {
  return {
    ...base(c),
    techniques: c.techniques,
    sites: c.sites,
    ...(c.maxPressure !== null ? { maxPressure: c.maxPressure } : {}),
    positioning: c.positioning ?? [],
    requested: c.requestedAt !== null,
    recordedAt: c.recordedAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
  };
}

export function toClearanceExpired(c: RecordedClearance, expiredAt: Date): ClearanceExpiredV1 {
  return { ...base(c), expiresAt: c.expiresAt.toISOString(), expiredAt: expiredAt.toISOString() };
}

export function toClearanceRevoked(c: ClearanceEntity, reason: ClearanceRevokeReason, revokedAt: Date): ClearanceRevokedV1 {
  return { ...base(c), reason, revokedAt: revokedAt.toISOString() };
}
