import { classifySendAnswer, type SmsSendOutcome } from './send-sms.outcome';
import { buildSendSmsRequest, type OutgoingSms } from './send-sms.request';
import type { SmsConfig } from './sms-config';

/** The clock the sender reads Retry-After dates against; structurally the same as @massage/platform's Clock. */
export interface SmsClock {
  now(): Date;
}

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface SmsSenderOptions {
  config: Pick<SmsConfig, 'apiUrl' | 'apiKey' | 'sender' | 'deliveryReportUrl' | 'timeoutMs'>;
  clock: SmsClock;
  /** Defaults to the global fetch; tests may pass their own. */
  fetch?: FetchLike;
}

/**
 * Sends one SMS through Infobip's HTTP API and says what came of it. Never throws for what the provider
 * or the network did: every answer becomes an outcome. Retrying is the caller's job, always with the same
 * `messageId`, which is what makes a retry safe (docs/adr/0021-sms-provider.md).
 */
export class SmsSender {
  private readonly fetch: FetchLike;

  constructor(private readonly options: SmsSenderOptions) {
    this.fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  }

  async send(sms: OutgoingSms): Promise<SmsSendOutcome> {
    const request = buildSendSmsRequest(this.options.config, sms);
    const signal = AbortSignal.timeout(this.options.config.timeoutMs);
    try {
      const response = await this.fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
      const text = await response.text();
      return classifySendAnswer({ httpStatus: response.status, retryAfter: response.headers.get('retry-after'), body: parseJson(text) }, this.options.clock.now());
    } catch (error: unknown) {
      // No answer: the provider may or may not have the message. Only the same messageId again is safe.
      if (signal.aborted) return { kind: 'transient', reason: 'timeout', detail: `no answer within ${this.options.config.timeoutMs} ms` };
      return { kind: 'transient', reason: 'network', detail: error instanceof Error ? error.message : String(error) };
    }
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
