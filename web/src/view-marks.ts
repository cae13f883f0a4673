import { asList, type ExposureEdge, type ExposureView } from './api';
import { edgeKey, type ComparedEdge } from './changes';

export { compareViews, edgeKey } from './changes';
export type { ComparedEdge, EdgeChange } from './changes';

/** What is laid over the network: cycles, vendor financing, restatements, a comparison of dates. */
export interface Highlights {
  /** Company pairs (`holder>counterparty`) on a money cycle given without its legs. */
  cycleEdges: Set<string>;
  /** Deals on the legs of a money cycle: the exposure edges made of them are on the cycle. */
  cycleDeals: Set<string>;
  /** How many rings the answer holds, and how many of them run through a deal below binding. */
  rings?: { count: number; belowBinding: number };
  /** Deal ids flagged as vendor financing. */
  vendorDeals: Set<string>;
  /** Edge keys (`holder>counterparty:kind`) whose amount differs from what is known now. */
  restated: Map<string, { before: number; after: number }>;
  /** Edge keys that changed since the date compared with, when one is set. */
  compared?: Map<string, ComparedEdge<ExposureEdge>>;
  /** Deals the default filter (binding only) leaves out, drawn because the view asks for them. */
  belowFilter?: Set<string>;
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `GET /exposures/cycles`: the deals on money cycles (each leg names its deals, so the exposure
 * edges they make up are marked exactly), companies on rings given without legs, and the deals
 * flagged as vendor financing.
 */
export function readCycles(
  answer: unknown,
): Pick<Highlights, 'cycleEdges' | 'cycleDeals' | 'vendorDeals' | 'rings'> {
  const cycleEdges = new Set<string>();
  const cycleDeals = new Set<string>();
  const vendorDeals = new Set<string>();
  const rings = { count: 0, belowBinding: 0 };
  for (const cycle of asList<unknown>(answer, 'cycles')) {
    if (!isObj(cycle)) continue;
    rings.count++;
    // A ring says its weakest leg's certainty; one through a letter of intent is not money owed.
    if (typeof cycle.certainty === 'string' && cycle.certainty !== 'binding')
      rings.belowBinding++;
    const legs = asList<unknown>(cycle.legs ?? cycle.edges ?? []);
    for (const leg of legs) {
      if (!isObj(leg)) continue;
      for (const d of asList<unknown>(leg.deals ?? [])) {
        if (typeof d !== 'string') continue;
        cycleDeals.add(d);
        if (cycle.vendorFinancing === true) vendorDeals.add(d);
      }
    }
    const ring = cycle.companies;
    if (
      legs.length === 0 &&
      Array.isArray(ring) &&
      ring.every((x) => typeof x === 'string')
    ) {
      const ids = ring as string[];
      for (let i = 0; i < ids.length; i++) {
        const next = ids[(i + 1) % ids.length];
        cycleEdges.add(`${ids[i]}>${next}`);
        cycleEdges.add(`${next}>${ids[i]}`);
      }
    }
  }
  if (isObj(answer)) {
    for (const item of asList<unknown>(answer.flagged ?? [])) {
      const d =
        typeof item === 'string'
          ? item
          : isObj(item)
            ? (item.dealId ?? item.deal)
            : undefined;
      if (typeof d === 'string') vendorDeals.add(d);
    }
  }
  return { cycleEdges, cycleDeals, vendorDeals, rings };
}

/** The cycles tag: how many rings glow, and how many rest on a deal below binding (drawn dotted). */
export function cycleTag(rings: Highlights['rings']): string {
  if (!rings || rings.count === 0) return 'money cycles glow amber';
  const count = `${rings.count} money ${rings.count === 1 ? 'ring glows' : 'rings glow'} amber`;
  return rings.belowBinding === 0
    ? `${count}, all binding`
    : `${count}, ${rings.belowBinding} through a deal below binding`;
}

/** Edges whose amount as known at `knownAt` differs from what is known now: later restatements. */
export function restatements(
  known: ExposureView,
  now: ExposureView,
): Highlights['restated'] {
  const nowByKey = new Map(now.edges.map((e) => [edgeKey(e), e.amountUsd]));
  const out: Highlights['restated'] = new Map();
  for (const e of known.edges) {
    const after = nowByKey.get(edgeKey(e)) ?? 0;
    if (Math.abs(after - e.amountUsd) > 0.5)
      out.set(edgeKey(e), { before: e.amountUsd, after });
  }
  return out;
}

/** Whether an exposure edge lies on a money cycle. */
export function onCycle(
  e: ExposureEdge,
  marks: Pick<Highlights, 'cycleEdges' | 'cycleDeals'>,
): boolean {
  return (
    marks.cycleEdges.has(`${e.holder}>${e.counterparty}`) ||
    e.deals.some((d) => marks.cycleDeals.has(d))
  );
}
