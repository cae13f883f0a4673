import { LiveFact } from './domain/live-fact';
import { LiveFilter } from './domain/live-filter';
import { LiveMessage } from './domain/live-message';
import { MessageCursor } from './live.request';

/** One connection's transport (an SSE response, a WebSocket). */
export interface LiveSink {
  /** Called once the subscription is registered, before any message: it starts after message `afterId`. */
  started(afterId: string): void;
  /** Queues one message; never blocks. */
  send(message: LiveMessage): void;
  /** Tells the client it fell behind and may resume after `lastEventId`; then closes. */
  resync(lastEventId: string): void;
  /** Bytes queued in the connection and not yet taken by the client. */
  bufferedBytes(): number;
  /** Resolves once the buffer has drained below its bound, or the connection is gone. */
  drained(): Promise<void>;
  /** Ends the connection; `now` drops what is still queued (shutdown). */
  close(now?: boolean): void;
}

type ClientState = 'replaying' | 'live' | 'closed';

/** A subscriber: its filter, how far it has been served, and its transport. */
export class LiveClient {
  state: ClientState = 'replaying';
  /** Every fact up to this position has been examined for the client (sent or filtered out). */
  cursor: number;
  /** Resuming after the earlier `<position>:<n>` form: that position's messages up to n were already seen. */
  skip?: MessageCursor;
  /** The position of the last fact examined whole for the client (sent or filtered out): where it may resume. */
  lastId: string;
  /** Live facts that arrived while the client's history was being replayed. */
  pending: LiveFact[] = [];
  sent = 0;

  constructor(
    readonly id: number,
    readonly filter: LiveFilter,
    after: MessageCursor,
    readonly sink: LiveSink,
  ) {
    // Resuming after `p`: everything of position p was delivered. After the earlier `p:n`: the rest
    // of position p is still to examine (its first n + 1 messages skipped).
    if (after.index === undefined) {
      this.cursor = after.position;
      this.lastId = String(after.position);
    } else {
      this.cursor = after.position - 1;
      this.skip = after;
      this.lastId = `${after.position}:${after.index}`;
    }
  }
}
