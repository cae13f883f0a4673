import { asList, type ExposureView } from './api';
import { edgeKey, type Highlights } from './graph';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `GET /exposures/cycles`: edges on cycles and vendor-financing deals, whatever the envelope. */
export function readCycles(
  answer: unknown,
): Pick<Highlights, 'cycleEdges' | 'vendorDeals'> {
  const cycleEdges = new Set<string>();
  const vendorDeals = new Set<string>();
  const cycles = asList<unknown>(answer, 'cycles');
  for (const cycle of cycles) {
    const ids = Array.isArray(cycle)
      ? cycle
      : isObj(cycle)
        ? (cycle.companies ?? cycle.path ?? cycle.nodes)
        : undefined;
    if (Array.isArray(ids) && ids.every((x) => typeof x === 'string')) {
      const ring = ids as string[];
      const closed =
        ring[0] === ring[ring.length - 1] ? ring : [...ring, ring[0]];
      for (let i = 0; i + 1 < closed.length; i++) {
        cycleEdges.add(`${closed[i]}>${closed[i + 1]}`);
        cycleEdges.add(`${closed[i + 1]}>${closed[i]}`);
      }
    }
    const edges = isObj(cycle)
      ? (cycle.edges ?? cycle.links ?? cycle.legs)
      : undefined;
    if (Array.isArray(edges)) {
      for (const e of edges) {
        if (!isObj(e)) continue;
        const a = String(e.holder ?? e.from ?? e.source ?? '');
        const b = String(e.counterparty ?? e.to ?? e.target ?? '');
        if (a && b) {
          cycleEdges.add(`${a}>${b}`);
          cycleEdges.add(`${b}>${a}`);
        }
        for (const d of asList<unknown>(e.deals ?? []))
          if (
            typeof d === 'string' &&
            isObj(cycle) &&
            cycle.vendorFinancing === true
          )
            vendorDeals.add(d);
      }
    }
  }
  if (isObj(answer)) {
    for (const key of [
      'vendorFinancing',
      'flagged',
      'flaggedDeals',
      'vendorFinancingDeals',
    ]) {
      for (const item of asList<unknown>(answer[key] ?? [])) {
        if (typeof item === 'string') vendorDeals.add(item);
        else if (isObj(item)) {
          const d = item.deal ?? item.dealId ?? item.id;
          if (typeof d === 'string') vendorDeals.add(d);
        }
      }
    }
  }
  return { cycleEdges, vendorDeals };
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
