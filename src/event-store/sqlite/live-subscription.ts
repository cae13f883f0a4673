import { Subscriber } from 'rxjs';
import { RecordedEvent, SubscriptionMessage } from '../event-store.port';

/**
 * One subscriber: pages from the table while catching up (so no gap and no repeat are possible
 * across the switch), then takes live events pushed in by `append` after each commit.
 */
export class LiveSubscription {
  live = false;
  private stopped = false;
  /** Last position handed to the subscriber (or passed over by the filter). */
  private delivered: number;
  /** Last position known to this subscription (delivered or waiting in the buffer). */
  private seen: number;
  private buffer: RecordedEvent[] = [];
  private scheduled = false;

  constructor(
    private readonly subscriber: Subscriber<SubscriptionMessage>,
    afterPosition: number,
    private readonly matches: (event: RecordedEvent) => boolean,
    private readonly bufferSize: number,
    private readonly page: (after: number) => {
      events: RecordedEvent[];
      scannedTo: number;
    },
    private readonly head: () => number,
  ) {
    this.delivered = afterPosition;
    this.seen = afterPosition;
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.buffer = [];
  }

  complete(): void {
    this.stop();
    this.subscriber.complete();
  }

  push(events: RecordedEvent[]): void {
    if (this.stopped) return;
    for (const event of events) {
      if (event.position <= this.seen) continue;
      this.seen = event.position;
      if (this.matches(event)) this.buffer.push(event);
    }
    if (this.buffer.length > this.bufferSize) {
      // Too far behind live: drop the buffer and page the rest from the table.
      this.buffer = [];
      this.live = false;
      this.seen = this.delivered;
      this.subscriber.next({ kind: 'fell-behind', position: this.delivered });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.run();
      } catch (error) {
        this.stopped = true;
        this.subscriber.error(error);
      }
    });
  }

  private run(): void {
    if (this.stopped) return;
    if (this.live) {
      const events = this.buffer;
      this.buffer = [];
      for (const event of events) {
        // A push during delivery may have found us behind: the table takes over from `delivered`.
        if (this.stopped || !this.live) return;
        this.delivered = event.position;
        this.subscriber.next({ kind: 'event', event });
      }
      if (!this.live) return;
      if (this.buffer.length === 0) this.delivered = this.seen;
      else this.schedule();
      return;
    }
    const { events, scannedTo } = this.page(this.delivered);
    for (const event of events) {
      if (this.stopped) return;
      this.delivered = event.position;
      this.subscriber.next({ kind: 'event', event });
    }
    this.delivered = scannedTo;
    this.seen = scannedTo;
    // Checked after delivery: a subscriber that appended meanwhile is paged again, not skipped.
    if (this.head() <= scannedTo) {
      this.live = true;
      this.subscriber.next({ kind: 'caught-up', position: scannedTo });
    } else {
      this.schedule();
    }
  }
}
