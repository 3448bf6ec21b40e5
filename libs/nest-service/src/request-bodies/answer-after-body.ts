import { type IncomingMessage, type ServerResponse } from 'node:http';
import { hasRequestBody } from './body-limits';

type Next = (error?: unknown) => void;

/** How long an answer waits for the rest of a body nobody reads before it goes anyway. */
export const UNREAD_BODY_WAIT_MS = 5_000;

/**
 * Lingering close: an answer sent before its request's body was read (a 404, 401, 415 or 429 to a request
 * with a body) waits until the body has arrived, discarding it, for at most `waitMs`. Node closes a
 * `Connection: close` request's socket as soon as the answer is written, and a client still sending the
 * body then sees its connection reset (EPIPE) instead of the answer. On a kept-alive connection Node reads
 * the rest of the body itself, so those requests (the gateway's, every load balancer's) are left alone, as
 * are requests whose body was read before the answer, as every JSON route's is.
 */
export function answerAfterBody(waitMs = UNREAD_BODY_WAIT_MS) {
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    // Node's own decision to close after the answer (Connection header, HTTP version, server closing).
    if (!res.shouldKeepAlive && hasRequestBody(req.headers)) holdAnswerUntilBodyRead(req, res, waitMs);
    next();
  };
}

function holdAnswerUntilBodyRead(req: IncomingMessage, res: ServerResponse, waitMs: number): void {
  const end = res.end;
  res.end = function endAfterBody(this: ServerResponse, ...args: unknown[]) {
    res.end = end;
    if (req.complete || req.destroyed) return end.apply(this, args as Parameters<typeof end>);
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      clearTimeout(timer);
      req.off('end', send).off('error', send).off('close', send);
      end.apply(res, args as Parameters<typeof end>);
    };
    const timer = setTimeout(send, waitMs);
    timer.unref();
    req.once('end', send).once('error', send).once('close', send);
    // Nothing reads it any more (a forwarded body's upstream has answered): discard the rest.
    req.unpipe();
    req.resume();
    return this;
  } as ServerResponse['end'];
}
