import type cytoscape from 'cytoscape';

/** A number from a string, the same on every load: the seed of a company's first position. */
export function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded generator, so the force layout draws the same picture every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `work` with Math.random replaced by a seeded generator: cytoscape's force layout draws its
 * jitter from Math.random and offers no seed of its own. The layout runs synchronously
 * (`animate: false`), so nothing else sees the swap.
 */
function withSeed(seed: number, work: () => void): void {
  const random = Math.random;
  Math.random = seeded(seed);
  try {
    work();
  } finally {
    Math.random = random;
  }
}

/** Force layout settings: room enough that the hubs' labels stay apart. */
const COSE = {
  nodeRepulsion: () => 60_000,
  idealEdgeLength: () => 140,
  nodeOverlap: 40,
  componentSpacing: 100,
  gravity: 0.5,
};

/**
 * Places companies not yet on screen. The first drawing starts everyone from a place of their own
 * id and seeds the jitter by who is drawn, so the same network gives the same picture on every
 * load; later newcomers start beside a neighbour already placed while the others stay put.
 */
export function placeNodes(
  cy: cytoscape.Core,
  newNodes: cytoscape.NodeCollection,
): void {
  const placed = cy.nodes().difference(newNodes);
  const ids = newNodes
    .map((n) => n.id())
    .sort()
    .join(' ');
  if (placed.empty()) {
    // Everyone starts from a place of their own id, and the jitter is seeded by who is drawn:
    // the same network gives the same picture on every load, whatever the order of the answer.
    newNodes.forEach((n) => {
      const h = hashOf(n.id());
      const angle = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
      const radius = 200 + ((h >>> 16) / 0x10000) * 600;
      n.position({
        x: radius * Math.cos(angle),
        y: radius * Math.sin(angle),
      });
    });
    withSeed(hashOf(ids), () =>
      cy
        .layout({
          name: 'cose',
          animate: false,
          randomize: false,
          ...COSE,
          numIter: 1500,
          fit: false,
          boundingBox: { x1: 0, y1: 0, w: 1200, h: 800 },
        } as cytoscape.LayoutOptions)
        .run(),
    );
    return;
  }
  // Newcomers start beside a neighbour already on screen; the rest stay where the eye left them.
  newNodes.forEach((n) => {
    const anchor = n.neighborhood('node').difference(newNodes).nodes().first();
    const base = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
    const h = hashOf(n.id());
    n.position({
      x: base.x + ((h & 0xffff) / 0x10000 - 0.5) * 120,
      y: base.y + ((h >>> 16) / 0x10000 - 0.5) * 120,
    });
  });
  placed.lock();
  withSeed(hashOf(ids), () =>
    cy
      .layout({
        name: 'cose',
        animate: false,
        randomize: false,
        fit: false,
        ...COSE,
        numIter: 600,
        boundingBox: { x1: 0, y1: 0, w: 1200, h: 800 },
      } as cytoscape.LayoutOptions)
      .run(),
  );
  placed.unlock();
}
