/** One row of a client's access log: who read or wrote the client's record, or was refused (ids and codes only). */
export interface AccessLogEntry {
  /** Position in the service's audit record, in the order rows were recorded (newest first in a page; ADR 0025: the chain's own position is on the audit topic). */
  seq: number;
  /** When it happened (RFC 3339, UTC). */
  recordedAt: string;
  /** Who: the verified subject, role and location (`*` for every location, `-` when unidentified). */
  actor: { subject: string; role: string; locationId: string };
  action: 'read' | 'write';
  /** What, as a code: `client.read`, `intake.read`, `intake.list`, `intake.submit`, `client.register`, `audit.read`, or a refused route's permission. */
  operation: string;
  resourceType: string;
  resourceId: string | null;
  outcome: 'allowed' | 'refused' | 'failed';
  /** Why it was refused or failed, as a code. */
  reason: string | null;
  correlationId: string | null;
}

/** Answer of `GET /clients/:clientId/access-log`: newest first; `nextBefore` pages back (`?before=`). */
export interface AccessLogResponse {
  items: AccessLogEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** `limit` of an access-log page: default and maximum. */
export const ACCESS_LOG_PAGE = { defaultLimit: 50, maxLimit: 200 } as const;
