import { InvalidWebhookBody, parseDeliveryReports } from './delivery-report.webhook';
import { parseInboundSms } from './inbound-sms.webhook';

const delivered = { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: 'Message delivered to handset' };
const noError = { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false };

describe('parseDeliveryReports', () => {
  it('reads a delivered report as final and not failed', () => {
    const [report] = parseDeliveryReports({
      results: [{ bulkId: 'b', messageId: 'ntf-1', to: '41793026727', sentAt: '2026-12-01T10:00:00.000+0000', doneAt: '2026-12-01T10:00:05.000+0000', status: delivered, error: noError, callbackData: 'k1' }],
    });
    expect(report).toEqual({
      providerMessageId: 'ntf-1',
      to: '+41793026727',
      status: delivered,
      group: 'DELIVERED',
      final: true,
      failed: false,
      doneAt: '2026-12-01T10:00:05.000+0000',
      callbackData: 'k1',
    });
  });

  it('DELIVERED_TO_OPERATOR is not final; UNDELIVERABLE is a final failure with its permanent error', () => {
    const toOperator = { ...delivered, id: 2, name: 'DELIVERED_TO_OPERATOR' };
    const undeliverable = { groupId: 2, groupName: 'UNDELIVERABLE', id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED', description: 'Message sent not delivered' };
    const absent = { groupId: 1, groupName: 'HANDSET_ERRORS', id: 1, name: 'EC_UNKNOWN_SUBSCRIBER', description: 'Unknown subscriber', permanent: true };
    const [first, second] = parseDeliveryReports({ results: [{ messageId: 'a', status: toOperator }, { messageId: 'b', status: undeliverable, error: absent }] });
    expect(first).toMatchObject({ final: false, failed: false });
    expect(second).toMatchObject({ final: true, failed: true, error: absent });
  });

  it('refuses a body without results or a report without messageId/status', () => {
    expect(() => parseDeliveryReports({})).toThrow(InvalidWebhookBody);
    expect(() => parseDeliveryReports({ results: [{ status: delivered }] })).toThrow(/messageId/);
    expect(() => parseDeliveryReports({ results: [{ messageId: 'x' }] })).toThrow(/status/);
  });
});

describe('parseInboundSms (MO_JSON_2)', () => {
  it('reads a STOP reply as an opt-out from the sender, in E.164', () => {
    const [message] = parseInboundSms({
      results: [{ messageId: 'mo-1', from: '41793026727', to: '447860099299', text: 'Stop', cleanText: '', keyword: 'STOP', receivedAt: '2026-12-01T10:00:00.000+0000', smsCount: 1 }],
      messageCount: 1,
      pendingMessageCount: 0,
    });
    expect(message).toEqual({ providerMessageId: 'mo-1', from: '+41793026727', to: '447860099299', text: 'Stop', receivedAt: '2026-12-01T10:00:00.000+0000', keyword: 'opt-out' });
  });

  it('an ordinary reply carries no keyword', () => {
    expect(parseInboundSms({ results: [{ messageId: 'mo-2', from: '41793026727', text: 'See you at 10' }] })[0]?.keyword).toBeUndefined();
  });

  it('refuses a sender that is not a phone number', () => {
    expect(() => parseInboundSms({ results: [{ messageId: 'mo-3', from: 'InfoSMS', text: 'STOP' }] })).toThrow(/phone number/);
  });
});
