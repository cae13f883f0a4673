import type { ServerResponse } from 'node:http';
import { LiveMessage, RESYNC, toSse } from './domain/live-message';

/** Each message is serialised once, however many clients it goes to. */
const wire = new WeakMap<LiveMessage, string>();
function sseOf(message: LiveMessage): string {
  let text = wire.get(message);
  if (text === undefined) wire.set(message, (text = toSse(message)));
  return text;
}
import { LiveSink } from './live-client';

/**
 * A Server-Sent Events connection on the raw Node response (the platform's reply is set aside): explicit writes (the connection's own
 * buffer is the client's bounded buffer), `: heartbeat` comments, and a `resync` event before
 * closing a client that fell behind.
 */
export class SseSink implements LiveSink {
  private heartbeat?: NodeJS.Timeout;
  private closed = false;
  /** Messages sent in the same turn of the event loop go out in one write. */
  private queued: string[] = [];
  private queuedBytes = 0;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly res: ServerResponse,
    heartbeatMs: number,
    private readonly maxBufferBytes: number,
  ) {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    // `retry` tells EventSource how soon to reconnect; the comment lets clients see the stream is open.
    res.write('retry: 2000\n: connected\n\n');
    this.heartbeat = setInterval(() => {
      if (!this.closed) res.write(': heartbeat\n\n');
    }, heartbeatMs);
    this.heartbeat.unref();
    res.on('close', () => this.onClosed());
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  started(afterId: string): void {
    if (!this.closed) this.res.write(`: subscribed after ${afterId}\n\n`);
  }

  send(message: LiveMessage): void {
    if (this.closed) return;
    const text = sseOf(message);
    if (this.queued.length === 0) queueMicrotask(() => this.flush());
    this.queued.push(text);
    this.queuedBytes += text.length;
  }

  private flush(): void {
    if (this.queued.length === 0) return;
    const text =
      this.queued.length === 1 ? this.queued[0] : this.queued.join('');
    this.queued = [];
    this.queuedBytes = 0;
    if (!this.closed) this.res.write(text);
  }

  resync(lastEventId: string): void {
    if (this.closed) return;
    this.flush();
    this.res.write(
      `event: ${RESYNC}\ndata: ${JSON.stringify({ lastEventId, reason: 'the client fell too far behind; resume with Last-Event-ID' })}\n\n`,
    );
    this.close();
  }

  /** An `error` event, then the end of the stream. */
  fail(message: string): void {
    if (this.closed) return;
    this.flush();
    this.res.write(`event: error\ndata: ${JSON.stringify({ message })}\n\n`);
    this.close();
  }

  bufferedBytes(): number {
    return this.res.writableLength + this.queuedBytes;
  }

  drained(): Promise<void> {
    if (this.closed || this.res.writableLength <= this.maxBufferBytes)
      return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  close(now = false): void {
    const socket = this.res.socket;
    if (now) socket?.destroy();
    if (this.closed) return;
    this.stopHeartbeat();
    this.flush();
    // End the response and the connection (keep-alive would leave it open), once what is queued is flushed.
    this.res.end(() => socket?.end());
    // A client that never reads would keep the socket (and what is queued in it) forever.
    if (socket && !now) setTimeout(() => socket.destroy(), 10_000).unref();
    this.onClosed();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private onClosed(): void {
    this.stopHeartbeat();
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
