import { strictValidationPipe, ValidationProblem } from '@massage/platform';
import { RequirePermission } from '@massage/platform-security';
import { LOCATION_CODE_PATTERN } from '@massage/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
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

const LOCATION_CODE = new RegExp(LOCATION_CODE_PATTERN);

/** Front desk, managers and HQ see a client's deliveries at a location; the policy guard checks who may. */
@RequirePermission('delivery:read')
@Controller('locations/:locationId/deliveries')
export class DeliveriesController {
  constructor(@InjectRepository(DeliveryEntity) private readonly deliveries: Repository<DeliveryEntity>) {}

  /**
   * `GET /locations/:locationId/deliveries?clientId=…`: the messages sent to (skipped for, failed for, waiting for)
   * one client of that location, oldest first; another location's client has none here.
   */
  @Get()
  async list(@Param('locationId') locationId: string, @Query(strictValidationPipe()) query: DeliveriesQuery): Promise<{ items: DeliveryView[] }> {
    if (locationId.length > 64 || !LOCATION_CODE.test(locationId)) throw new ValidationProblem([{ name: 'locationId', reason: 'must be a location code' }]);
    const rows = await this.deliveries.find({ where: { clientId: query.clientId, locationId }, order: { createdAt: 'ASC' }, take: 200 });
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
