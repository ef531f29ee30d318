import { strictValidationPipe } from '@massage/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsUUID } from 'class-validator';
import type { Repository } from 'typeorm';
import { DeliveryEntity } from './delivery.entity';

export class DeliveriesQuery {
  @IsUUID()
  clientId: string;
}

/** What the API shows of a delivery: channel and outcome, never the message body or address. */
export interface DeliveryView {
  id: string;
  clientId: string;
  locationId: string;
  kind: string;
  /** Null while the welcome awaits the client's contact details. */
  channel: string | null;
  /** `awaiting-contact`, `sent`, `skipped` or `failed`. */
  status: string;
  skipReason: string | null;
  /** Status `failed`: why the SMTP server's refusal was final (`recipient-rejected`, `message-rejected`). */
  failureReason: string | null;
  /** Status `failed`: the SMTP reply code of the refusal (5xx). */
  failureSmtpCode: number | null;
  triggeredBy: string;
  smtpMessageId: string | null;
  sentAt: string | null;
  createdAt: string;
}

@Controller('deliveries')
export class DeliveriesController {
  constructor(@InjectRepository(DeliveryEntity) private readonly deliveries: Repository<DeliveryEntity>) {}

  /** `GET /deliveries?clientId=…`: the messages sent to (skipped for, failed for, waiting for) one client, oldest first. */
  @Get()
  async list(@Query(strictValidationPipe()) query: DeliveriesQuery): Promise<{ items: DeliveryView[] }> {
    const rows = await this.deliveries.find({ where: { clientId: query.clientId }, order: { createdAt: 'ASC' }, take: 200 });
    return {
      items: rows.map((d) => ({
        id: d.id,
        clientId: d.clientId,
        locationId: d.locationId,
        kind: d.kind,
        channel: d.channel,
        status: d.status,
        skipReason: d.skipReason,
        failureReason: d.failureReason,
        failureSmtpCode: d.failureSmtpCode,
        triggeredBy: d.triggeredByEventId,
        smtpMessageId: d.smtpMessageId,
        sentAt: d.sentAt?.toISOString() ?? null,
        createdAt: d.createdAt.toISOString(),
      })),
    };
  }
}
