/*
 * Exposure edges compared between two dates. Plain data, no DOM and no API module: the unit tests
 * run it in node.
 */

/** What an exposure edge carries for a comparison (ExposureEdge satisfies it). */
export interface EdgeLike {
  holder: string;
  counterparty: string;
  kind: string;
  amountUsd: number;
  deals: string[];
}

/** One exposure edge's id, on the graph and in the tables: `holder>counterparty:kind`. */
export const edgeKey = (
  e: Pick<EdgeLike, 'holder' | 'counterparty' | 'kind'>,
): string => `${e.holder}>${e.counterparty}:${e.kind}`;
/** How an exposure moved between the date compared with and the date shown. */
export type EdgeChange = 'new' | 'grown' | 'shrunk' | 'gone';

export interface ComparedEdge<E extends EdgeLike = EdgeLike> {
  status: EdgeChange;
  /** Amount on the date compared with (0 when new). */
  before: number;
  /** Amount on the date shown (0 when gone). */
  after: number;
  /** The edge on whichever date it exists (the date shown first), with its deals. */
  edge: E;
}

/** Below this an amount is the same on both dates (rounding in the valuation, not a change). */
const SAME_USD = 0.5;

/**
 * The exposures that changed between two views of the network: new on the date shown, gone since
 * the date compared with, grown or shrunk. Unchanged edges are left out.
 */
export function compareViews<E extends EdgeLike>(
  before: { edges: E[] },
  after: { edges: E[] },
): Map<string, ComparedEdge<E>> {
  const out = new Map<string, ComparedEdge<E>>();
  const then = new Map(before.edges.map((e) => [edgeKey(e), e]));
  for (const e of after.edges) {
    const key = edgeKey(e);
    const old = then.get(key);
    then.delete(key);
    const was = old?.amountUsd ?? 0;
    if (!old || was <= SAME_USD) {
      if (e.amountUsd > SAME_USD)
        out.set(key, { status: 'new', before: 0, after: e.amountUsd, edge: e });
      continue;
    }
    const d = e.amountUsd - was;
    if (Math.abs(d) <= SAME_USD) continue;
    out.set(key, {
      status: e.amountUsd <= SAME_USD ? 'gone' : d > 0 ? 'grown' : 'shrunk',
      before: was,
      after: e.amountUsd,
      edge: e,
    });
  }
  for (const [key, e] of then)
    if (e.amountUsd > SAME_USD)
      out.set(key, { status: 'gone', before: e.amountUsd, after: 0, edge: e });
  return out;
}
