import { CLOCK, type Clock } from '@massage/platform';
import { PublicRoute } from '@massage/platform-security';
import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { setChannelOptOut } from './client-preferences.store';
import { linkSecretFromEnv, verifyUnsubscribeToken } from './unsubscribe-link';

const page = (title: string, text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * The unsubscribe link of every e-mail (`GET /unsubscribe?token=…`): the token is signed (HMAC of client and channel),
 * so the link is its own authority; it opts that client out of that channel (kept with the instant and
 * `unsubscribe-link`) and answers a small page naming neither the client nor anything else about them.
 */
@Controller('unsubscribe')
export class UnsubscribeController {
  private readonly secret = linkSecretFromEnv();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @PublicRoute('unsubscribe link of an e-mail: the signed token is the authority (HMAC of client and channel)')
  @Get()
  @Header('Cache-Control', 'no-store')
  async unsubscribe(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    const link = typeof token === 'string' && token.length <= 200 ? verifyUnsubscribeToken(this.secret, token) : undefined;
    response.type('html');
    if (!link) {
      response.status(400).send(page('Link not valid', 'This unsubscribe link is not valid. Please contact your clinic.'));
      return;
    }
    await this.dataSource.transaction((manager) => setChannelOptOut(manager, link.clientId, link.channel, { at: this.clock.now(), via: 'unsubscribe-link' }));
    const what = link.channel === 'email' ? 'e-mails' : 'text messages';
    response.status(200).send(page('Unsubscribed', `You will receive no more ${what} from us. Your clinic's front desk can turn them back on.`));
  }
}
