import { fromInfobipAddress, type E164Number } from './phone-number';
import { isRecord } from './json-value';
import { InvalidWebhookBody } from './delivery-report.webhook';
import { smsKeyword, type SmsKeyword } from './opt-out-keyword';

/**
 * Infobip's inbound SMS webhook (default renderer MO_JSON_2): `{results: [{messageId, from, to, text,
 * cleanText, keyword, receivedAt, smsCount, …}], messageCount, pendingMessageCount}`. Each message comes
 * with what it asks of us: `opt-out` (STOP…), `opt-in` (START…) or nothing.
 */
export interface InboundSms {
  providerMessageId: string;
  /** The client's number. */
  from: E164Number;
  /** Our number the client wrote to. */
  to: string;
  text: string;
  receivedAt?: string;
  keyword: SmsKeyword | undefined;
}

export function parseInboundSms(body: unknown): InboundSms[] {
  if (!isRecord(body) || !Array.isArray(body['results'])) throw new InvalidWebhookBody('an inbound SMS body has a results array');
  return body['results'].map((result: unknown, index) => {
    if (!isRecord(result)) throw new InvalidWebhookBody(`results[${index}] is not an object`);
    const { messageId, from, to, text, receivedAt } = result;
    if (typeof messageId !== 'string' || typeof from !== 'string' || typeof text !== 'string') {
      throw new InvalidWebhookBody(`results[${index}] needs messageId, from and text`);
    }
    const sender = fromInfobipAddress(from);
    if (sender === undefined) throw new InvalidWebhookBody(`results[${index}].from is not a phone number`);
    return {
      providerMessageId: messageId,
      from: sender,
      to: typeof to === 'string' ? to : '',
      text,
      ...(typeof receivedAt === 'string' ? { receivedAt } : {}),
      keyword: smsKeyword(text),
    };
  });
}
