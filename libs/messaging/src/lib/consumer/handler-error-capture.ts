import { RpcProxy } from '@nestjs/microservices/context/rpc-proxy';

/**
 * Nest's RPC exception layer turns any error a handler throws into `{ status: 'error', message:
 * 'Internal server error' }` (after logging it), so the transport would only see that. The DLQ
 * needs the real message (`dlq_error`), so we record the original error on the handler's context
 * object before Nest's filters run. Only contexts that carry ERROR_SINK are touched; Nest's own
 * behaviour is unchanged.
 */
export const ERROR_SINK = Symbol('massage.messaging.errorSink');

export interface ErrorSinkCarrier {
  [ERROR_SINK]?: (error: unknown) => void;
}

type HandleError = (this: unknown, exceptionsHandler: unknown, args: unknown[], error: unknown) => unknown;
const PATCHED = Symbol.for('massage.messaging.rpcProxyPatched');

export function installHandlerErrorCapture(): boolean {
  const proto = RpcProxy.prototype as unknown as { handleError?: HandleError; [PATCHED]?: boolean };
  if (proto[PATCHED]) return true;
  const original = proto.handleError;
  if (typeof original !== 'function') return false; // Nest changed: dlq_error falls back to what the filters return
  proto.handleError = function (this: unknown, exceptionsHandler: unknown, args: unknown[], error: unknown) {
    const ctx = args[1] as ErrorSinkCarrier | undefined;
    if (ctx !== null && typeof ctx === 'object' && typeof ctx[ERROR_SINK] === 'function') ctx[ERROR_SINK](error);
    return original.call(this, exceptionsHandler, args, error);
  };
  proto[PATCHED] = true;
  return true;
}
