import type { Provider, Type } from '@nestjs/common';
import { ClientMessagesController } from '../client-messages/client-messages.controller';
import { ChannelGate } from '../preferences/channel-gate';
import { ClientPreferencesController } from '../preferences/client-preferences.controller';
import { UnsubscribeController } from '../preferences/unsubscribe.controller';
import { SMS_CONFIG, smsConfigForService } from './sms-channel.config';
import { SmsMessageSender } from './sms-message.sender';
import { SmsWebhooksController } from './sms-webhooks.controller';
import { SmsWebhooksService } from './sms-webhooks.service';

/** The SMS channel, the client's preferences and opt-outs, and the client's messages (issue 10), for NotificationModule. */
export const SMS_AND_PREFERENCES_CONTROLLERS: Type[] = [ClientMessagesController, ClientPreferencesController, UnsubscribeController, SmsWebhooksController];

export const SMS_AND_PREFERENCES_PROVIDERS: Provider[] = [
  { provide: SMS_CONFIG, useFactory: () => smsConfigForService() },
  SmsMessageSender,
  SmsWebhooksService,
  ChannelGate,
];
