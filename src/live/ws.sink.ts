import type { WebSocket } from 'ws';
import { LiveMessage, RESYNC } from './domain/live-message';
import { LiveSink } from './live-client';

/** Each message is serialised once, however many clients it goes to. */
const frames = new WeakMap<LiveMessage, string>();
function frameOf(message: LiveMessage): string {
  let text = frames.get(message);
  if (text === undefined) frames.set(message, (text = JSON.stringify(message)));
  return text;
}

/** A WebSocket connection: JSON frames `{ id, event, data }`, pings as heartbeats, `resync` then close. */
export class WsSink implements LiveSink {
  private heartbeat?: NodeJS.Timeout;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly socket: WebSocket,
    heartbeatMs: number,
    private readonly maxBufferBytes: number,
  ) {
    this.heartbeat = setInterval(() => {
      if (!this.closed && socket.readyState === socket.OPEN) socket.ping();
    }, heartbeatMs);
    this.heartbeat.unref();
    socket.on('close', () => this.onClosed());
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  started(afterId: string): void {
    this.sendControl('subscribed', { after: afterId });
  }

  send(message: LiveMessage): void {
    if (this.isOpen()) this.socket.send(frameOf(message));
  }

  /** Any other frame (`subscribed`, `error`). */
  sendControl(event: string, data: Record<string, unknown>): void {
    if (this.isOpen()) this.socket.send(JSON.stringify({ event, data }));
  }

  resync(lastEventId: string): void {
    this.sendControl(RESYNC, {
      lastEventId,
      reason: 'the client fell too far behind; resume with lastEventId',
    });
    this.close(false, 4000, 'resync');
  }

  bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  drained(): Promise<void> {
    // ws has no drain event of its own: poll the buffered amount until it falls under the bound.
    return new Promise((resolve) => {
      const check = (): void => {
        if (!this.isOpen() || this.socket.bufferedAmount <= this.maxBufferBytes)
          resolve();
        else setTimeout(check, 20).unref();
      };
      check();
    });
  }

  close(now = false, code = 1000, reason = ''): void {
    if (now) this.socket.terminate();
    if (this.closed) return;
    if (this.isOpen()) this.socket.close(code, reason);
    // A peer that never reads never completes the closing handshake.
    const socket = this.socket;
    if (!now) setTimeout(() => socket.terminate(), 10_000).unref();
    this.onClosed();
  }

  private isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  private onClosed(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
