import { CLOCK, type Clock } from '@massage/platform';
import { PublicRoute } from '@massage/platform-security';
import type { Language } from '@massage/notification-templates';
import { Controller, Get, Header, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { setChannelOptOut } from './client-preferences.store';
import { linkSecretFromEnv, verifyUnsubscribeToken } from './unsubscribe-link';
import { confirmUnsubscribePage, invalidLinkPage, unsubscribedPage } from './unsubscribe.pages';

type Link = NonNullable<ReturnType<typeof verifyUnsubscribeToken>>;

/**
 * The unsubscribe link of every e-mail (`/unsubscribe?token=…`): the token is signed (HMAC of client and channel),
 * so the link is its own authority. `GET` only asks (a mail filter that opens links to scan them must not opt anyone
 * out); `POST` — the page's button, or a mail client's RFC 8058 one-click with the body `List-Unsubscribe=One-Click`
 * — opts that client out of that channel (kept with the instant and `unsubscribe-link`; again is a no-op). The pages
 * name nobody and are in the client's language (their preference, else the contact's; English without either).
 */
@Controller('unsubscribe')
export class UnsubscribeController {
  private readonly secret = linkSecretFromEnv();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @PublicRoute('unsubscribe link of an e-mail, the question only: the signed token is the authority (HMAC of client and channel)')
  @Get()
  @Header('Cache-Control', 'no-store')
  async confirm(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    const link = this.verified(token, response);
    if (!link) return;
    response.status(200).send(confirmUnsubscribePage(await this.languageOf(link.clientId), link.channel, token as string));
  }

  /** The body (`List-Unsubscribe=One-Click` from a mail client or the page's form) is not needed: the token says it all. */
  @PublicRoute('unsubscribe link of an e-mail, its button and RFC 8058 one-click: the signed token is the authority (HMAC of client and channel)')
  @Post()
  @Header('Cache-Control', 'no-store')
  async unsubscribe(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    const link = this.verified(token, response);
    if (!link) return;
    await this.dataSource.transaction((manager) => setChannelOptOut(manager, link.clientId, link.channel, { at: this.clock.now(), via: 'unsubscribe-link' }));
    response.status(200).send(unsubscribedPage(await this.languageOf(link.clientId), link.channel));
  }

  /** The token's client and channel; otherwise the 400 page is sent and undefined returned. */
  private verified(token: unknown, response: Response): Link | undefined {
    const link = typeof token === 'string' && token.length <= 200 ? verifyUnsubscribeToken(this.secret, token) : undefined;
    response.type('html');
    if (!link) response.status(400).send(invalidLinkPage());
    return link;
  }

  /** The language messages to this client take: their preference, else their contact's. */
  private async languageOf(clientId: string): Promise<Language> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce((SELECT language FROM client_preference WHERE client_id = $1), (SELECT language FROM contact WHERE client_id = $1)) AS language`,
      [clientId],
    )) as { language: Language | null }[];
    return row?.language ?? 'en';
  }
}
