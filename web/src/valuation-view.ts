import { api, type Certainty, type ExposureView } from './api';
import { byId } from './format';
import { dealTerms } from './graph-tip';
import { caveatList } from './scenario-notes';

/**
 * The deals the default filter (binding only) leaves out, when the view asks for weaker ones:
 * the binding view's `below-certainty` caveats name them, so they can be drawn apart (dotted).
 */
export async function belowFilter(
  at: string,
  knownAt: string | undefined,
  certainty: Certainty,
  signal: AbortSignal,
): Promise<Set<string>> {
  if (certainty === 'binding') return new Set();
  const strict = await api.exposures(at, knownAt, signal);
  return new Set(
    (strict.caveats ?? [])
      .filter((c) => c.kind === 'below-certainty' && c.deal)
      .map((c) => c.deal as string),
  );
}

/** Fetches the terms of the estimated and weaker deals on screen, for the hover (once each). */
export async function fetchTerms(
  view: ExposureView,
  below: Set<string>,
  signal: AbortSignal,
): Promise<void> {
  const wanted = new Set<string>();
  for (const e of view.edges) {
    for (const d of e.unpricedDeals ?? []) wanted.add(d);
    for (const d of e.deals) if (below.has(d)) wanted.add(d);
  }
  await Promise.all(
    [...wanted]
      .filter((d) => !dealTerms.has(d))
      .map((d) =>
        api
          .deal(d, signal)
          .then((terms) => dealTerms.set(d, terms))
          .catch(() => undefined),
      ),
  );
}

/** The view's caveats in the side panel: what the picture rests on, in plain words. */
export function showCaveats(
  view: ExposureView,
  names: Map<string, string>,
): void {
  const caveats = view.caveats ?? [];
  byId('caveats-count').textContent = String(caveats.length);
  byId('view-caveats-body').replaceChildren(
    caveatList(caveats, 'view-caveats-list', names),
  );
}
