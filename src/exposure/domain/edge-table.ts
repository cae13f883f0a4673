import { DEAL_KINDS, DealKind } from '../../contracts/deals';
import { grown } from '../../shared/typed-arrays';

/** The whole network's edge bookkeeping: company ids as small integers, and the table of edges by them. */

/**
 * A deal kind's number in an edge's key (counterparty × KIND_SLOTS + kind) and in the edge columns:
 * its place in the contract's list, so a kind added there gets a number of its own.
 */
export const KIND_SLOTS = DEAL_KINDS.length;

/** Each kind's number (see KIND_SLOTS; a plan keeps its kind's too); `DEAL_KINDS[n]` is the kind of number n. */
export const KIND_NUMBER = Object.fromEntries(
  DEAL_KINDS.map((kind, i) => [kind, i]),
) as Record<DealKind, number>;

/** Ids in code-unit order (the answer's order: bit-for-bit stable sums). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Interns company ids as small integers so edges are keyed by numbers, not concatenated strings. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  /** `ranks()` as last worked out (null: a name came since). */
  private rank: Int32Array | null = null;
  of(id: string): number {
    let n = this.ids.get(id);
    if (n === undefined) {
      n = this.names.length;
      this.ids.set(id, n);
      this.names.push(id);
      this.rank = null;
    }
    return n;
  }
  /** The number of `id`, undefined when it was never interned. */
  known(id: string): number | undefined {
    return this.ids.get(id);
  }
  /** rank[n] = place of names[n] in id order (kept until a name is added: do not change it). */
  ranks(): Int32Array {
    if (this.rank !== null) return this.rank;
    const order = this.names
      .map((_, i) => i)
      .sort((a, b) => cmp(this.names[a], this.names[b]));
    const rank = new Int32Array(order.length);
    order.forEach((n, r) => (rank[n] = r));
    return (this.rank = rank);
  }
}

/**
 * An open-addressing table of the edges met so far, keyed by two small integers (holder, and
 * counterparty × KIND_SLOTS + kind): one probe in a flat array per leg instead of a lookup in one map per
 * holder. Each slot's holder, key and edge number sit side by side (one cache line read per probe
 * of a table too large for the cache, not three).
 */
export class EdgeTable {
  private mask = 1023;
  /** Slot i: [holder or -1, key, number, unused] at 4i. */
  private slots = new Int32Array(4 * 1024).fill(-1);
  private size = 0;

  /** Empty again, at the size it has grown to. */
  clear(): void {
    if (this.size === 0) return;
    this.slots.fill(-1);
    this.size = 0;
  }

  /** The number of the edge (h, key); `next` (and the edge taken as new) when it is not there yet. */
  numberOf(h: number, key: number, next: number): number {
    const slots = this.slots;
    let i = slot(h, key) & this.mask;
    for (;;) {
      const b = i << 2;
      const held = slots[b];
      if (held === -1) {
        slots[b] = h;
        slots[b + 1] = key;
        slots[b + 2] = next;
        if (++this.size * 2 > this.mask) this.grow();
        return next;
      }
      if (held === h && slots[b + 1] === key) return slots[b + 2];
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.mask = capacity - 1;
    const slots = (this.slots = new Int32Array(4 * capacity).fill(-1));
    for (let j = 0; j < old.length; j += 4) {
      if (old[j] === -1) continue;
      let i = slot(old[j], old[j + 1]) & this.mask;
      while (slots[i << 2] !== -1) i = (i + 1) & this.mask;
      const b = i << 2;
      slots[b] = old[j];
      slots[b + 1] = old[j + 1];
      slots[b + 2] = old[j + 2];
    }
  }
}

function slot(h: number, key: number): number {
  const x = Math.imul(h ^ Math.imul(key, 0x85ebca6b), 0x9e3779b1);
  return x ^ (x >>> 15);
}

/**
 * The edges of one answer as columns while their deals are summed (one shape, no object per edge
 * until the answer is made), and the table that numbers them. A source that answers the whole
 * network again and again keeps one and hands it to each answer (`reset` first): the columns are
 * made once, at the network's size, instead of grown and left to collect on every answer.
 */
export class EdgeColumns {
  readonly table = new EdgeTable();
  /** Edges so far; edge i is (holder[i], counterparty[i], kind[i]). */
  count = 0;
  holder = new Int32Array(8);
  counterparty = new Int32Array(8);
  kind = new Uint8Array(8);
  amount = new Float64Array(8);
  loss = new Float64Array(8);
  /** How many deals each edge lists (the lists are made once, exact, with the answer). */
  dealCount = new Int32Array(8);
  /** The edge's last deal listed (a deal is listed once per edge, however many legs it adds). */
  readonly lastDeal: string[] = [];
  /** Listings (edge, deal) so far, in the order added. */
  listed = 0;
  listedEdge = new Int32Array(8);
  readonly listedDeal: string[] = [];

  /** Empty again (the room stays). */
  reset(): void {
    this.table.clear();
    this.count = 0;
    this.listed = 0;
  }

  /** The number of edge (h, c, kind), made (summing nothing yet) when new. */
  edge(h: number, c: number, kind: number): number {
    const n = this.table.numberOf(h, c * KIND_SLOTS + kind, this.count);
    if (n < this.count) return n;
    if (n === this.holder.length) this.grow();
    this.holder[n] = h;
    this.counterparty[n] = c;
    this.kind[n] = kind;
    this.amount[n] = 0;
    this.loss[n] = 0;
    this.dealCount[n] = 0;
    this.lastDeal[n] = '';
    this.count++;
    return n;
  }

  /** Lists `dealId` on edge n unless it is the edge's last deal listed already. */
  list(n: number, dealId: string): void {
    if (this.dealCount[n] !== 0 && this.lastDeal[n] === dealId) return;
    this.dealCount[n]++;
    this.lastDeal[n] = dealId;
    if (this.listed === this.listedEdge.length)
      this.listedEdge = grown(this.listedEdge);
    this.listedEdge[this.listed] = n;
    this.listedDeal[this.listed++] = dealId;
  }

  /**
   * Each edge's deals in the order listed, each list made at its exact length when asked for
   * (`dealsOf(n)`). The listings are grouped by edge in typed arrays: no list of the lists is held
   * while the answer is made (for 100,000 edges that would be one large array, kept past its
   * answer's collection along with every list it held).
   */
  listsByEdge(): (n: number) => string[] {
    const count = this.count;
    const start = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) start[i + 1] = start[i] + this.dealCount[i];
    const next = start.slice(0, count);
    // the deals in edge order (ids the index holds anyway: nothing young for it to keep alive),
    // each edge's list a slice of them: exactly its length, made by a builtin, which V8 does not
    // pretenure (see `fresh`) — the lists are the answer's and die with it
    const ordered = new Array<string>(this.listed);
    const edges = this.listedEdge;
    const deals = this.listedDeal;
    for (let j = 0; j < this.listed; j++) ordered[next[edges[j]]++] = deals[j];
    return (n) => ordered.slice(start[n], start[n + 1]);
  }

  private grow(): void {
    this.holder = grown(this.holder);
    this.counterparty = grown(this.counterparty);
    this.kind = grown(this.kind);
    this.amount = grown(this.amount);
    this.loss = grown(this.loss);
    this.dealCount = grown(this.dealCount);
  }
}
