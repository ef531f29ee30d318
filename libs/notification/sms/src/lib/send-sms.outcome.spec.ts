import { classifySendAnswer, isRecipientOptedOut, retryAfterMs } from './send-sms.outcome';

const now = new Date('2026-12-01T10:00:00Z');
const pending = { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' };

describe('classifySendAnswer', () => {
  it('a PENDING status is accepted, with the provider message id', () => {
    const outcome = classifySendAnswer({ httpStatus: 200, body: { bulkId: 'b', messages: [{ messageId: 'ntf-1', status: pending, destination: '41793026727' }] } }, now);
    expect(outcome).toEqual({ kind: 'accepted', providerMessageId: 'ntf-1', status: pending });
  });

  it('a REJECTED status in a 200 answer is permanent, coded by the status name', () => {
    const rejected = { groupId: 5, groupName: 'REJECTED', id: 52, name: 'REJECTED_DESTINATION', description: 'Invalid destination address' };
    expect(classifySendAnswer({ httpStatus: 200, body: { messages: [{ messageId: 'ntf-1', status: rejected }] } }, now)).toMatchObject({
      kind: 'permanent',
      reason: 'rejected',
      code: 'REJECTED_DESTINATION',
    });
  });

  it('a blocklisted (opted-out) recipient is permanent and recognised as an opt-out; an invalid number is not', () => {
    const blocklisted = { groupId: 5, groupName: 'REJECTED', id: 14, name: 'REJECTED_DESTINATION_BLOCKLISTED' };
    const invalid = { groupId: 5, groupName: 'REJECTED', id: 52, name: 'REJECTED_DESTINATION' };
    const optedOut = classifySendAnswer({ httpStatus: 200, body: { messages: [{ messageId: 'ntf-1', status: blocklisted }] } }, now);
    expect(optedOut).toMatchObject({ kind: 'permanent', code: 'REJECTED_DESTINATION_BLOCKLISTED' });
    expect(isRecipientOptedOut(optedOut)).toBe(true);
    expect(isRecipientOptedOut(classifySendAnswer({ httpStatus: 200, body: { messages: [{ messageId: 'ntf-1', status: invalid }] } }, now))).toBe(false);
  });

  it('a 2xx without a readable message is transient: the message may exist, only the same id again is safe', () => {
    expect(classifySendAnswer({ httpStatus: 200, body: undefined }, now)).toMatchObject({ kind: 'transient', reason: 'server-error' });
  });

  it('401 and 403 are permanent configuration errors', () => {
    for (const httpStatus of [401, 403]) {
      expect(classifySendAnswer({ httpStatus, body: { errorCode: `E${httpStatus}`, description: 'Invalid login details' } }, now)).toEqual({
        kind: 'permanent',
        reason: 'config',
        code: `E${httpStatus}`,
        httpStatus,
        detail: 'Invalid login details',
      });
    }
  });

  it('reads the older requestError.serviceException error format too', () => {
    const body = { requestError: { serviceException: { messageId: 'UNAUTHORIZED', text: 'Invalid login details' } } };
    expect(classifySendAnswer({ httpStatus: 401, body }, now)).toMatchObject({ kind: 'permanent', reason: 'config', code: 'UNAUTHORIZED' });
  });

  it('400 is a permanent invalid request', () => {
    expect(classifySendAnswer({ httpStatus: 400, body: { errorCode: 'E400', description: 'Request cannot be processed.' } }, now)).toMatchObject({
      kind: 'permanent',
      reason: 'invalid-request',
      code: 'E400',
    });
  });

  it('429 is transient and carries Retry-After', () => {
    expect(classifySendAnswer({ httpStatus: 429, retryAfter: '7', body: undefined }, now)).toMatchObject({ kind: 'transient', reason: 'rate-limited', retryAfterMs: 7000 });
  });

  it.each([500, 502, 503, 504, 408])('%i is transient', (httpStatus) => {
    expect(classifySendAnswer({ httpStatus, body: undefined }, now)).toMatchObject({ kind: 'transient', reason: 'server-error', httpStatus });
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates against the given instant', () => {
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
