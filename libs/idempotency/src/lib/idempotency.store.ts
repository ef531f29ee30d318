import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** One creating request under its key. */
export interface IdempotentRequest {
  /** Whose key it is (e.g. the location and the caller): keys of different callers never meet. */
  scope: string;
  key: string;
  /** `requestFingerprint(...)` of the request: the same key with another request is refused. */
  fingerprint: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyOptions {
  /** How long keys are kept; at least 24 h (default 24 h). */
  retentionMs?: number;
  now?: () => Date;
}
export const IDEMPOTENCY_OPTIONS = 'IDEMPOTENCY_OPTIONS';
export const MIN_IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** JSON with sorted keys, so the same body sent with its fields in another order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 of the method, the path and the canonical body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`).digest('hex');
}

export class IdempotencyKeyReusedError extends HttpException {
  constructor() {
    super(
      {
        message: 'This Idempotency-Key was already used with another request; use a new key for a new request.',
        invalidParams: [{ name: 'Idempotency-Key', reason: 'already used with a different request body or path' }],
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
}

/**
 * The first response of each creating request, by key, written in the creating transaction (so a retry
 * finds either nothing, and creates, or the committed response, and replays it; never half of it).
 */
@Injectable()
export class IdempotencyStore {
  private readonly now: () => Date;
  readonly retentionMs: number;

  constructor(@Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.retentionMs = Math.max(options.retentionMs ?? MIN_IDEMPOTENCY_RETENTION_MS, MIN_IDEMPOTENCY_RETENTION_MS);
  }

  /**
   * Claims the key in the caller's transaction, or answers the stored first response. A concurrent request
   * with the same key waits here (on the primary key) until the first commits, then replays it; if the
   * first rolls back, the second creates. 422 when the key was used for another request.
   */
  async claim(manager: EntityManager, request: IdempotentRequest): Promise<StoredResponse | undefined> {
    const inserted = (await manager.query(
      `INSERT INTO "idempotency_key" ("scope", "key", "request_hash", "created_at") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("scope", "key") DO NOTHING RETURNING 1 AS "claimed"`,
      [request.scope, request.key, request.fingerprint, this.now()],
    )) as unknown[];
    if (inserted.length > 0) return undefined;
    const [stored] = (await manager.query(`SELECT "request_hash", "response_status", "response_body" FROM "idempotency_key" WHERE "scope" = $1 AND "key" = $2`, [
      request.scope,
      request.key,
    ])) as { request_hash: string; response_status: number | null; response_body: unknown }[];
    if (!stored || stored.response_status === null) throw new Error('idempotency key claimed without a response: complete() was not called in the claiming transaction');
    if (stored.request_hash !== request.fingerprint) throw new IdempotencyKeyReusedError();
    return { status: stored.response_status, body: stored.response_body };
  }

  /** Stores the response of the request that claimed the key, in the same transaction. */
  async complete(manager: EntityManager, request: IdempotentRequest, response: StoredResponse): Promise<void> {
    await manager.query(`UPDATE "idempotency_key" SET "response_status" = $3, "response_body" = $4::jsonb WHERE "scope" = $1 AND "key" = $2`, [
      request.scope,
      request.key,
      response.status,
      JSON.stringify(response.body),
    ]);
  }

  /**
   * Runs a creation once per key: in one transaction, claims the key, creates, stores the response.
   * A retry gets the first response back without running `create` again.
   */
  async once<T>(dataSource: DataSource, request: IdempotentRequest, status: number, create: (manager: EntityManager) => Promise<T>): Promise<T> {
    return dataSource.transaction(async (manager) => {
      const stored = await this.claim(manager, request);
      if (stored) return stored.body as T;
      const body = await create(manager);
      await this.complete(manager, request, { status, body });
      return body;
    });
  }

  /** Deletes keys older than the retention; returns how many. */
  async prune(dataSource: DataSource): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.retentionMs);
    const [, count] = (await dataSource.query(`DELETE FROM "idempotency_key" WHERE "created_at" < $1`, [cutoff])) as [unknown, number];
    return count;
  }
}
