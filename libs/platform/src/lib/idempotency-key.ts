import { ValidationProblem } from './problem-details.filter';

/**
 * `Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header): every POST that creates something
 * takes one, so a retry after a timeout returns the first answer instead of creating a second record.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** 1–255 visible ASCII characters (a uuid is a good choice). */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,255}$';
const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** The request's key; 400 problem+json naming the header when it is missing or malformed. */
export function idempotencyKeyFrom(value: string | string[] | undefined): string {
  const key = Array.isArray(value) ? value[0] : value;
  if (key === undefined || !KEY.test(key)) {
    throw new ValidationProblem(
      [{ name: 'Idempotency-Key', reason: 'header Idempotency-Key is required on this POST: 1–255 visible ASCII characters, e.g. a uuid; reuse it only to retry the same request' }],
      'The request needs an Idempotency-Key header.',
    );
  }
  return key;
}
