import type { InboundSms, SmsDeliveryReport } from '@massage/notification-sms';
import { CLOCK, type Clock } from '@massage/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { clientsWithPhone, setChannelOptOut } from '../preferences/client-preferences.store';
import { lockProviderMessage } from './sms-message.sender';

/** What the provider's webhooks change: a message's delivery status, a client's SMS opt-out. */
@Injectable()
export class SmsWebhooksService {
  private readonly logger = new Logger(SmsWebhooksService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Records each report's status on the message it names (by the id we gave the provider). The first final status
   * wins: reports may come late, twice or out of order (an intermediate one after the final), and change nothing
   * then. A report naming no message of ours is ignored (answered 200 all the same, so the provider stops retrying).
   */
  async deliveryReports(reports: readonly SmsDeliveryReport[]): Promise<{ updated: number }> {
    let updated = 0;
    for (const report of reports) {
      updated += await this.dataSource.transaction(async (manager) => {
        // A report can arrive before the worker that sent the message has committed: wait for it (its lock).
        await lockProviderMessage(manager, report.providerMessageId);
        const [, count] = (await manager.query(
          `UPDATE scheduled_message SET delivery_status = $2, delivery_final = $3, delivery_updated_at = $4
            WHERE provider_message_id = $1 AND NOT delivery_final`,
          [report.providerMessageId, report.status.name.replace(/[^A-Z0-9_]/g, '_').slice(0, 64), report.final, this.clock.now()],
        )) as [unknown, number];
        return count;
      });
      if (report.failed && report.final) this.logger.warn(`SMS ${report.providerMessageId} not delivered: ${report.status.name}`);
    }
    return { updated };
  }

  /**
   * A reply that is only STOP (or another opt-out keyword) opts every client with that number out of SMS; START opts
   * them back in. Anything else is not read (a reply is not a support channel, and may hold health details).
   */
  async inbound(messages: readonly InboundSms[]): Promise<{ optedOut: number; optedIn: number }> {
    let optedOut = 0;
    let optedIn = 0;
    for (const sms of messages) {
      if (!sms.keyword) continue;
      await this.dataSource.transaction(async (manager) => {
        for (const clientId of await clientsWithPhone(manager, sms.from)) {
          if (sms.keyword === 'opt-out') {
            await setChannelOptOut(manager, clientId, 'sms', { at: this.clock.now(), via: 'stop-reply' });
            optedOut++;
          } else {
            await setChannelOptOut(manager, clientId, 'sms', null);
            optedIn++;
          }
        }
      });
    }
    return { optedOut, optedIn };
  }
}
