import type cytoscape from 'cytoscape';

/** Labels are kept at least this many screen pixels high, whatever the zoom. */
const LABEL_PX = 12;

/**
 * The label size in graph units, read by the node style's function (graph-style.ts): changing it
 * and updating the style re-sizes every label without adding rules to the stylesheet.
 */
export const labelFont = { px: LABEL_PX };

/**
 * Labels readable at any zoom, none on top of another: the font grows as the view zooms out so
 * a label stays about 12 px on screen, and where two labels would overlap the larger company's
 * wins (the other shows on hover or when selected).
 */
export function declutterLabels(cy: cytoscape.Core): void {
  const zoom = cy.zoom();
  const font = Math.min(40, LABEL_PX / Math.min(1, zoom));
  if (Math.abs(font - labelFont.px) > 0.01) {
    labelFont.px = font;
    cy.style().update();
  }
  const boxes: { x1: number; x2: number; y1: number; y2: number }[] = [];
  const overlaps = (b: (typeof boxes)[number]): boolean =>
    boxes.some((o) => b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2);
  const nodes = cy
    .nodes()
    .sort(
      (a, b) =>
        Number(b.selected()) - Number(a.selected()) ||
        Number(b.data('size')) - Number(a.data('size')),
    );
  const px = font * zoom;
  cy.batch(() =>
    nodes.forEach((n) => {
      const p = n.renderedPosition();
      const half = (String(n.data('label')).length * px * 0.56) / 2 + 2;
      const top = p.y + n.renderedHeight() / 2 + 3 * zoom;
      const box = {
        x1: p.x - half,
        x2: p.x + half,
        y1: top,
        y2: top + px + 2,
      };
      const hide = overlaps(box);
      n.toggleClass('nolabel', hide);
      if (!hide) boxes.push(box);
    }),
  );
}
