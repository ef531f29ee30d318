import { HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { UpstreamResponse } from './service.client';

/**
 * Answers the caller with what the service answered: 2xx as JSON, 4xx as problem+json (the
 * service's own problem document when it sent one, so its `invalid-params` reach the caller, with
 * `instance` set to the gateway's URL rather than the service's internal one).
 */
export function relay(upstream: UpstreamResponse, request: Request, response: Response): void {
  if (upstream.status >= 400) {
    const problem = problemDocument(upstream);
    if (!problem) throw new HttpException('The service refused the request.', upstream.status);
    response.status(upstream.status).type('application/problem+json').json({ ...problem, instance: request.originalUrl });
    return;
  }
  response.status(upstream.status);
  if (upstream.body.length === 0) {
    response.end();
    return;
  }
  // Written as it came: express's send would derive the content type again (a MIME lookup, a charset parse) and
  // convert the body to a Buffer, for an answer that is already final JSON.
  response.setHeader('Content-Type', upstream.contentType || 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(upstream.body));
  response.end(upstream.body);
}

function problemDocument(upstream: UpstreamResponse): Record<string, unknown> | undefined {
  if (!/^application\/(problem\+)?json\b/i.test(upstream.contentType)) return undefined;
  try {
    const parsed: unknown = JSON.parse(upstream.body);
    const isProblem = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && (parsed as { status?: unknown }).status === upstream.status;
    return isProblem ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
