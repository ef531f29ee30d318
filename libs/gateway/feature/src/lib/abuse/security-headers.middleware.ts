import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * The response headers helmet sets by default, plus `Cache-Control: no-store` (answers carry health data and
 * must not sit in a shared cache). Written out here rather than adding helmet: a dozen fixed headers. The API
 * answers JSON only, so its content policy forbids everything; /docs (Swagger UI) gets a policy it can run under.
 */
const COMMON: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  for (const [name, value] of Object.entries(COMMON)) response.setHeader(name, value);
  const docs = request.path === '/docs' || request.path.startsWith('/docs/') || request.path.startsWith('/docs-');
  response.setHeader('Content-Security-Policy', docs ? DOCS_POLICY : API_POLICY);
  if (!docs) response.setHeader('Cache-Control', 'no-store');
  next();
}

/** As Nest middleware, for module-level wiring. */
@Injectable()
export class SecurityHeadersMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    securityHeaders(request, response, next);
  }
}
