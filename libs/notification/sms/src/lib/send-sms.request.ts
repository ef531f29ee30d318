import { type E164Number, toInfobipAddress } from './phone-number';
import type { SmsConfig } from './sms-config';

/**
 * The exact HTTP request of Infobip's "Send SMS message" (SMS API v3, `POST /sms/3/messages`), as data:
 * the sender turns it into a `fetch` call and the stand-in (infra/sms) reads the same shape back.
 */
export const INFOBIP_SEND_SMS_PATH = '/sms/3/messages';

export interface OutgoingSms {
  /** The provider's idempotency key (`smsMessageId(messageKey)`), Infobip's destination `messageId`. */
  messageId: string;
  to: E164Number;
  text: string;
  /** Echoed in delivery reports (Infobip `callbackData`); keep it free of personal data. */
  callbackData?: string;
}

export interface InfobipSendBody {
  messages: Array<{
    sender: string;
    destinations: Array<{ to: string; messageId: string }>;
    content: { text: string };
    webhooks?: { delivery: { url: string }; contentType: 'application/json'; callbackData?: string };
  }>;
}

export interface HttpRequestSpec {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function infobipAuthorization(apiKey: string): string {
  return `App ${apiKey}`;
}

export function buildSendSmsBody(config: Pick<SmsConfig, 'sender' | 'deliveryReportUrl'>, sms: OutgoingSms): InfobipSendBody {
  const webhooks = config.deliveryReportUrl
    ? {
        webhooks: {
          delivery: { url: config.deliveryReportUrl },
          contentType: 'application/json' as const,
          ...(sms.callbackData !== undefined ? { callbackData: sms.callbackData } : {}),
        },
      }
    : {};
  return {
    messages: [
      {
        sender: config.sender,
        // One destination per request: the messageId is per destination and is the idempotency key.
        destinations: [{ to: toInfobipAddress(sms.to), messageId: sms.messageId }],
        content: { text: sms.text },
        ...webhooks,
      },
    ],
  };
}

export function buildSendSmsRequest(config: Pick<SmsConfig, 'apiUrl' | 'apiKey' | 'sender' | 'deliveryReportUrl'>, sms: OutgoingSms): HttpRequestSpec {
  if (sms.text.length === 0) throw new Error('an SMS needs a text');
  return {
    method: 'POST',
    url: config.apiUrl.replace(/\/+$/, '') + INFOBIP_SEND_SMS_PATH,
    headers: {
      Authorization: infobipAuthorization(config.apiKey),
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify(buildSendSmsBody(config, sms)),
  };
}
