import { fromInfobipAddress, type E164Number } from './phone-number';
import { isRecord } from './json-value';
import { isFailedGroup, isFinalStatus, readError, readStatus, type SmsError, type SmsStatus, statusGroup, type SmsStatusGroup } from './sms-status';

/**
 * Infobip's delivery report webhook ("Receive outbound SMS message report"): a JSON body
 * `{results: [{bulkId, messageId, to, sentAt, doneAt, messageCount, status, error, callbackData}]}`,
 * up to 100 reports per request. Parsed into what notification records per message.
 */
export interface SmsDeliveryReport {
  /** Our idempotency key echoed back (`smsMessageId`), so the report finds its message. */
  providerMessageId: string;
  to: E164Number | undefined;
  status: SmsStatus;
  group: SmsStatusGroup | undefined;
  /** No further report will change this one's meaning. */
  final: boolean;
  /** Not delivered and never will be: record as a permanent failure. */
  failed: boolean;
  error?: SmsError;
  doneAt?: string;
  callbackData?: string;
}

export class InvalidWebhookBody extends Error {}

export function parseDeliveryReports(body: unknown): SmsDeliveryReport[] {
  if (!isRecord(body) || !Array.isArray(body['results'])) throw new InvalidWebhookBody('a delivery report body has a results array');
  return body['results'].map((result: unknown, index) => {
    if (!isRecord(result) || typeof result['messageId'] !== 'string') throw new InvalidWebhookBody(`results[${index}] has no messageId`);
    const status = readStatus(result['status']);
    if (status === undefined) throw new InvalidWebhookBody(`results[${index}] has no status`);
    const group = statusGroup(status);
    const error = readError(result['error']);
    const report: SmsDeliveryReport = {
      providerMessageId: result['messageId'],
      to: typeof result['to'] === 'string' ? fromInfobipAddress(result['to']) : undefined,
      status,
      group,
      final: isFinalStatus(status),
      failed: isFailedGroup(group),
      ...(error && error.groupId !== 0 ? { error } : {}),
      ...(typeof result['doneAt'] === 'string' ? { doneAt: result['doneAt'] } : {}),
      ...(typeof result['callbackData'] === 'string' ? { callbackData: result['callbackData'] } : {}),
    };
    return report;
  });
}
