import { type E164Number } from './phone-number';
import { buildSendSmsRequest, type OutgoingSms } from './send-sms.request';

const to = '+41793026727' as E164Number;
const config = { apiUrl: 'https://xxxxx.api.infobip.com/', apiKey: 'key-123', sender: 'MassageCo' };
const sms: OutgoingSms = { messageId: 'ntf-0123456789abcdef0123456789abcdef', to, text: 'Your massage is booked for Tue 10:00.' };

describe('buildSendSmsRequest (Infobip SMS API v3, Send SMS message)', () => {
  it('is POST /sms/3/messages with App-key auth and a JSON body', () => {
    const request = buildSendSmsRequest(config, sms);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://xxxxx.api.infobip.com/sms/3/messages');
    expect(request.headers).toEqual({ Authorization: 'App key-123', 'Content-Type': 'application/json', Accept: 'application/json' });
  });

  it('sends one destination whose messageId is the idempotency key, number without +', () => {
    expect(JSON.parse(buildSendSmsRequest(config, sms).body)).toEqual({
      messages: [
        {
          sender: 'MassageCo',
          destinations: [{ to: '41793026727', messageId: 'ntf-0123456789abcdef0123456789abcdef' }],
          content: { text: 'Your massage is booked for Tue 10:00.' },
        },
      ],
    });
  });

  it('asks for delivery reports when a delivery URL is configured, with callbackData', () => {
    const body = JSON.parse(
      buildSendSmsRequest({ ...config, deliveryReportUrl: 'https://notify.example/sms/reports' }, { ...sms, callbackData: 'k1' }).body,
    ) as { messages: Array<{ webhooks: unknown }> };
    expect(body.messages[0]?.webhooks).toEqual({ delivery: { url: 'https://notify.example/sms/reports' }, contentType: 'application/json', callbackData: 'k1' });
  });

  it('is the same request every time for the same message, so a retry is byte-identical', () => {
    expect(buildSendSmsRequest(config, sms)).toEqual(buildSendSmsRequest(config, { ...sms }));
  });

  it('refuses an empty text', () => {
    expect(() => buildSendSmsRequest(config, { ...sms, text: '' })).toThrow(/text/);
  });
});
