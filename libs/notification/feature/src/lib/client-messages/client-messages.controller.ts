import { LOCATION_CODE_PATTERN } from '@massage/contracts';
import { CLOCK, NamedProblem, ValidationProblem, type Clock } from '@massage/platform';
import { RequirePermission } from '@massage/platform-security';
import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ScheduledMessageJob } from '../appointments/scheduled-message.job';

/** What the API shows of a message: what, how, when and what came of it; never its body or the address. */
export interface ClientMessageView {
  id: string;
  kind: string;
  channel: string;
  /** `scheduled`, `sent`, `cancelled` or `failed`. */
  status: string;
  dueAt: string;
  sentAt: string | null;
  /** Status `failed`: the contract's reason (`recipient-rejected`, `message-rejected`, `retries-exhausted`, `unreachable`…). */
  failureReason: string | null;
  /** Why, more precisely: `opted-out`, `no-channel`, or the provider's code of a refusal. */
  failureDetail: string | null;
  /** SMS: the provider's latest delivery status (the first final one kept). */
  deliveryStatus: string | null;
  /** A resend: the message it sends again. */
  resendOf: string | null;
  createdAt: string;
}

interface MessageRow {
  id: string;
  kind: string;
  channel: string;
  status: string;
  due_at: Date;
  sent_at: Date | null;
  failure_reason: string | null;
  failure_detail: string | null;
  delivery_status: string | null;
  resend_of: string | null;
  created_at: Date;
}

const LOCATION_CODE = new RegExp(LOCATION_CODE_PATTERN);

export function checkLocation(locationId: string): void {
  if (locationId.length > 64 || !LOCATION_CODE.test(locationId)) throw new ValidationProblem([{ name: 'locationId', reason: 'must be a location code' }]);
}

/**
 * A client's messages at a location (issue 10): front desk, managers and HQ read them and send one again. Another
 * location's client has none here (404 on a resend).
 */
@Controller('locations/:locationId/clients/:clientId/messages')
export class ClientMessagesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly job: ScheduledMessageJob,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `GET …/messages`: newest first, at most 200. */
  @RequirePermission('delivery:read')
  @Get()
  async list(@Param('locationId') locationId: string, @Param('clientId', new ParseUUIDPipe()) clientId: string): Promise<{ items: ClientMessageView[] }> {
    checkLocation(locationId);
    const rows = (await this.dataSource.query(
      `SELECT id, kind, channel, status, due_at, sent_at, failure_reason, failure_detail, delivery_status, resend_of, created_at
         FROM scheduled_message WHERE client_id = $1 AND location_id = $2 ORDER BY created_at DESC, id LIMIT 200`,
      [clientId, locationId],
    )) as MessageRow[];
    return { items: rows.map(view) };
  }

  /**
   * `POST …/messages/:messageId/resend`: a message that was sent or failed goes again as a NEW message: a new row with
   * its own key (`<key>.resend-<n>`), hence a new Message-ID and SMS idempotency key. The original key would make the
   * provider drop the resend as the duplicate it guards against, and would rewrite the original's record; the new
   * row keeps both, and it passes the same checks when due (opt-outs, a cancelled or moved appointment).
   */
  @RequirePermission('delivery:resend')
  @Post(':messageId/resend')
  @HttpCode(202)
  async resend(
    @Param('locationId') locationId: string,
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('messageId', new ParseUUIDPipe()) messageId: string,
  ): Promise<ClientMessageView> {
    checkLocation(locationId);
    const now = this.clock.now();
    const row = await this.dataSource.transaction(async (manager) => {
      const [original] = (await manager.query(
        `SELECT id, appointment_id, kind, channel, status, message_key FROM scheduled_message
          WHERE id = $1 AND client_id = $2 AND location_id = $3 FOR UPDATE`,
        [messageId, clientId, locationId],
      )) as { id: string; appointment_id: string | null; kind: string; channel: string; status: string; message_key: string }[];
      if (!original) throw new NamedProblem(404, 'unknown-message', 'No such message for this client at this location.');
      if (original.status !== 'sent' && original.status !== 'failed') throw new NamedProblem(409, 'message-not-settled', `A ${original.status} message cannot be sent again.`);
      if (!original.appointment_id) throw new NamedProblem(409, 'message-not-resendable', 'Only appointment messages can be sent again for now.');
      const id = randomUUID();
      const [written] = (await manager.query(
        `WITH n AS (SELECT max(resend_no) + 1 AS no FROM scheduled_message WHERE appointment_id = $2 AND kind = $3 AND channel = $4)
         INSERT INTO scheduled_message (id, appointment_id, client_id, location_id, kind, channel, starts_at, due_at, status, message_key,
                                        triggered_by_event_id, correlation_id, resend_of, resend_no)
         SELECT $1, o.appointment_id, o.client_id, o.location_id, o.kind, o.channel, o.starts_at, $5, 'scheduled', o.message_key || '.resend-' || n.no,
                o.triggered_by_event_id, o.correlation_id, o.id, n.no
           FROM scheduled_message o, n WHERE o.id = $6
         RETURNING id, kind, channel, status, due_at, sent_at, failure_reason, failure_detail, delivery_status, resend_of, created_at`,
        [id, original.appointment_id, original.kind, original.channel, now, original.id],
      )) as MessageRow[];
      return written;
    });
    this.job.poke(now);
    return view(row);
  }
}

function view(r: MessageRow): ClientMessageView {
  return {
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    status: r.status,
    dueAt: r.due_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    failureReason: r.failure_reason,
    failureDetail: r.failure_detail,
    deliveryStatus: r.delivery_status,
    resendOf: r.resend_of,
    createdAt: r.created_at.toISOString(),
  };
}
