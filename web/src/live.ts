import { authHeaders } from './api';

/** One Server-Sent Events message from GET /live. */
export interface LiveMessage {
  id: string;
  event: string;
  data: unknown;
}

export type LiveState = 'connecting' | 'open' | 'closed';

/**
 * Follows GET /live with fetch rather than EventSource, because EventSource cannot send the
 * Authorization header. Reconnects with `Last-Event-ID` so nothing is missed or repeated.
 */
export class LiveFeed {
  private controller: AbortController | null = null;
  private lastEventId: string | null = null;
  private retryMs = 1000;
  private stopped = true;
  /** Each start() begins a new generation; a loop of an older one ends at its next step. */
  private generation = 0;

  constructor(
    private readonly onMessage: (message: LiveMessage) => void,
    private readonly onState: (state: LiveState) => void,
  ) {}

  start(): void {
    this.stop();
    this.stopped = false;
    void this.connect(++this.generation);
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.controller = null;
  }

  private async connect(generation: number): Promise<void> {
    const current = () => !this.stopped && generation === this.generation;
    while (current()) {
      const controller = new AbortController();
      this.controller = controller;
      this.onState('connecting');
      try {
        const headers: Record<string, string> = {
          Accept: 'text/event-stream',
          ...authHeaders(),
        };
        if (this.lastEventId !== null)
          headers['Last-Event-ID'] = this.lastEventId;
        const res = await fetch('/live', {
          headers,
          signal: controller.signal,
          cache: 'no-store',
        });
        // Refused for want of a token: retrying cannot help until one is given (start() again).
        if (res.status === 401 || res.status === 403) break;
        if (!res.ok || !res.body)
          throw new Error(`live answered ${res.status}`);
        this.onState('open');
        this.retryMs = 1000;
        await this.read(res.body, controller.signal);
      } catch {
        // Aborted by stop(), a dropped connection, or a refusal: wait and try again unless stopped.
      }
      if (!current()) return;
      this.onState('closed');
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      this.retryMs = Math.min(this.retryMs * 2, 15000);
    }
    if (generation === this.generation) this.onState('closed');
  }

  private async read(
    body: ReadableStream<Uint8Array>,
    signal: AbortSignal,
  ): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let id: string | null = null;
    let event = 'message';
    let data: string[] = [];
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) {
            if (id !== null) this.lastEventId = id;
            const raw = data.join('\n');
            let parsed: unknown = raw;
            try {
              parsed = JSON.parse(raw);
            } catch {
              parsed = raw;
            }
            this.onMessage({
              id: id ?? this.lastEventId ?? '',
              event,
              data: parsed,
            });
          }
          id = null;
          event = 'message';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue; // heartbeat comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = val;
        else if (field === 'event') event = val;
        else if (field === 'data') data.push(val);
        else if (field === 'retry' && /^\d+$/.test(val))
          this.retryMs = Number(val);
      }
    }
  }
}
