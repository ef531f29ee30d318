import { InvalidWebhookBody, isAuthorizedWebhook, parseDeliveryReports, parseInboundSms, type SmsConfig } from '@massage/notification-sms';
import { ValidationProblem } from '@massage/platform';
import { PublicRoute } from '@massage/platform-security';
import { Body, Controller, Headers, HttpCode, Inject, Logger, Post, UnauthorizedException } from '@nestjs/common';
import { SMS_CONFIG } from './sms-channel.config';
import { SmsWebhooksService } from './sms-webhooks.service';

/**
 * The SMS provider's webhooks (ADR 0021): called by Infobip, not through the gateway, so no gateway assertion; the
 * webhook profile's Basic credentials (SMS_WEBHOOK_USER/SMS_WEBHOOK_PASSWORD) instead, compared in constant time.
 * Required in production (the service does not start without them); outside production, unset, the local stand-in's
 * unauthenticated posts are taken (docs/security.md "Routes without a gateway assertion").
 */
@Controller('sms')
export class SmsWebhooksController {
  private readonly logger = new Logger(SmsWebhooksController.name);

  constructor(
    @Inject(SMS_CONFIG) private readonly config: SmsConfig,
    private readonly webhooks: SmsWebhooksService,
  ) {
    const credentials = config.webhookUser !== undefined && config.webhookPassword !== undefined;
    if (!credentials && process.env['NODE_ENV'] === 'production') throw new Error('SMS_WEBHOOK_USER and SMS_WEBHOOK_PASSWORD must be set in production');
    if (!credentials) this.logger.warn('SMS webhooks accept unauthenticated posts (no SMS_WEBHOOK_USER/SMS_WEBHOOK_PASSWORD; not production)');
  }

  @PublicRoute('Infobip delivery reports: the webhook profile\'s Basic credentials, not a gateway assertion (ADR 0021)')
  @Post('delivery-reports')
  @HttpCode(200)
  async deliveryReports(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<{ updated: number }> {
    this.authorize(authorization);
    return this.webhooks.deliveryReports(this.parse(() => parseDeliveryReports(body)));
  }

  @PublicRoute('Infobip inbound SMS (STOP/START replies): the webhook profile\'s Basic credentials, not a gateway assertion (ADR 0021)')
  @Post('inbound')
  @HttpCode(200)
  async inbound(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<{ optedOut: number; optedIn: number }> {
    this.authorize(authorization);
    return this.webhooks.inbound(this.parse(() => parseInboundSms(body)));
  }

  private authorize(authorization: string | undefined): void {
    const { webhookUser: user, webhookPassword: password } = this.config;
    if (user === undefined || password === undefined) return;
    if (!isAuthorizedWebhook(authorization, { user, password })) throw new UnauthorizedException('webhook credentials required');
  }

  private parse<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof InvalidWebhookBody) throw new ValidationProblem([{ name: 'body', reason: error.message }]);
      throw error;
    }
  }
}
