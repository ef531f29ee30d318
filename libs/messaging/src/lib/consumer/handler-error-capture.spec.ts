import { Logger } from '@nestjs/common';
import { RpcProxy } from '@nestjs/microservices/context/rpc-proxy';
import { RpcExceptionsHandler } from '@nestjs/microservices/exceptions/rpc-exceptions-handler';
import { lastValueFrom } from 'rxjs';
import { ERROR_SINK, installHandlerErrorCapture } from './handler-error-capture';

describe('handler error capture', () => {
  beforeAll(() => Logger.overrideLogger(false)); // Nest logs the error itself; keep the test output clean

  it("records the handler's own error on a context that asks for it, while Nest still answers with its generic error", async () => {
    expect(installHandlerErrorCapture()).toBe(true);
    const proxy = new RpcProxy().create(async () => {
      throw new Error('the real reason');
    }, new RpcExceptionsHandler());
    let seen: unknown;
    const ctx = { [ERROR_SINK]: (e: unknown) => (seen = e) };
    const rejected = lastValueFrom(await proxy({}, ctx)).catch((e: unknown) => e);
    await expect(rejected).resolves.toEqual({ status: 'error', message: 'Internal server error' });
    expect(seen).toBeInstanceOf(Error);
    expect((seen as Error).message).toBe('the real reason');
  });
});
