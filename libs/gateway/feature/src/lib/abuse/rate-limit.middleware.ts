import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { TokenBuckets, type MillisClock } from './token-buckets';

export const RATE_LIMIT_CLOCK = Symbol('RATE_LIMIT_CLOCK');

/**
 * Limits requests per bearer token and per client address (each a token bucket refilled per minute), before
 * authentication so that guessing tokens is limited too. Over the limit: 429 problem+json with `Retry-After`.
 * The counters live in this process: with several gateway replicas each enforces its share.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  private readonly perToken: TokenBuckets;
  private readonly perAddress: TokenBuckets;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig, @Inject(RATE_LIMIT_CLOCK) clock: MillisClock) {
    this.perToken = new TokenBuckets(config.rateLimit.perTokenPerMinute, 60_000, clock);
    this.perAddress = new TokenBuckets(config.rateLimit.perAddressPerMinute, 60_000, clock);
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const address = this.perAddress.take(request.ip ?? request.socket.remoteAddress ?? 'unknown');
    const authorization = request.headers.authorization;
    // The token itself is never kept: only a hash of it names its bucket.
    const token = authorization ? this.perToken.take(createHash('sha256').update(authorization).digest('base64url')) : { allowed: true, retryAfterSeconds: 0 };
    if (address.allowed && token.allowed) return next();
    response.setHeader('Retry-After', String(Math.max(address.retryAfterSeconds, token.retryAfterSeconds)));
    throw new HttpException(address.allowed ? 'Too many requests with this token; retry later.' : 'Too many requests from this address; retry later.', HttpStatus.TOO_MANY_REQUESTS);
  }
}
