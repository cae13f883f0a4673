import type cytoscape from 'cytoscape';
import { labelFont } from './graph-labels';

/** How the network is drawn: nodes by sector and equity, edges by kind, the marks laid over them. */
export const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(label)',
      'font-size': () => labelFont.px,
      'font-family': 'system-ui, sans-serif',
      color: '#1d2330',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  {
    selector: 'node.defaulted',
    style: {
      'border-width': 5,
      'border-color': '#c0392b',
      'border-style': 'double',
    },
  },
  {
    selector: 'node:selected',
    style: {
      'overlay-color': '#1d2330',
      'overlay-opacity': 0.15,
      'overlay-padding': 6,
    },
  },
  {
    selector: 'node.failed',
    style: {
      'background-color': '#7f1d1d',
      'border-width': 4,
      'border-color': '#ef4444',
      color: '#7f1d1d',
    },
  },
  {
    // failing without the shock (the baseline): grey, not the shock's dark red
    selector: 'node.failed.anyway',
    style: {
      'background-color': '#4b5563',
      'border-color': '#ef4444',
      'border-style': 'dashed',
      color: '#374151',
    },
  },
  { selector: 'node.shocked', style: { shape: 'star' } },
  { selector: 'node.dimmed', style: { opacity: 0.35 } },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      'line-color': '#7b8aa3',
      'target-arrow-color': '#7b8aa3',
      opacity: 0.75,
      'font-size': 10,
      'text-rotation': 'autorotate',
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
    },
  },
  {
    selector: 'edge.supply',
    style: {
      'line-style': 'solid',
      'line-color': '#5b7db1',
      'target-arrow-color': '#5b7db1',
    },
  },
  {
    selector: 'edge.investment',
    style: {
      'line-color': '#3f9a5b',
      'target-arrow-color': '#3f9a5b',
    },
  },
  {
    selector: 'edge.loan',
    style: {
      'line-color': '#8e5bb1',
      'target-arrow-color': '#8e5bb1',
    },
  },
  {
    selector: 'edge.cycle',
    style: {
      'underlay-color': '#f59e0b',
      'underlay-opacity': 0.45,
      'underlay-padding': 4,
    },
  },
  {
    selector: 'edge.vendor',
    style: {
      'line-color': '#d946ef',
      'target-arrow-color': '#d946ef',
      opacity: 0.95,
    },
  },
  /* The line says how sure the amount is (the colour says the kind): solid published, dashed
     estimated, dotted below the default certainty filter (shown only when asked for). */
  {
    selector: 'edge.estimated',
    style: { 'line-style': 'dashed', 'line-dash-pattern': [8, 5] },
  },
  {
    selector: 'edge.uncertain',
    style: { 'line-style': 'dotted', opacity: 0.9 },
  },
  { selector: 'edge.dimmed', style: { opacity: 0.12 } },
  {
    selector: 'edge.restated',
    style: {
      'line-color': '#ea580c',
      'target-arrow-color': '#ea580c',
      label: 'data(restatedLabel)',
      color: '#9a3412',
      opacity: 1,
    },
  },
  {
    selector: 'edge.hover, edge:selected',
    style: { label: 'data(label)', opacity: 1, 'z-index': 10 },
  },
  {
    selector: 'edge.loss',
    style: {
      'line-color': '#dc2626',
      'target-arrow-color': '#dc2626',
      opacity: 1,
      label: 'data(lossLabel)',
      color: '#991b1b',
      'z-index': 9,
    },
  },
  {
    selector: 'node.fresh',
    style: { 'border-width': 5, 'border-color': '#22c55e' },
  },
  {
    selector: 'edge.fresh',
    style: {
      'underlay-color': '#22c55e',
      'underlay-opacity': 0.5,
      'underlay-padding': 5,
      opacity: 1,
    },
  },
  {
    selector: 'node.nolabel',
    style: { label: '' },
  },
  {
    selector: 'node.nolabel:selected, node.nolabel.hover',
    style: { label: 'data(label)', 'z-index': 20 },
  },
  { selector: 'node.hover', style: { 'z-index': 20 } },
  /* the comparison of two dates: what changed since the date compared with */
  {
    selector: 'edge.cmp-new',
    style: {
      'underlay-color': '#2563eb',
      'underlay-opacity': 0.35,
      'underlay-padding': 5,
      opacity: 1,
      label: 'data(cmpLabel)',
      color: '#1e3a8a',
    },
  },
  {
    selector: 'edge.cmp-grown',
    style: {
      'underlay-color': '#16a34a',
      'underlay-opacity': 0.4,
      'underlay-padding': 4,
      opacity: 1,
      label: 'data(cmpLabel)',
      color: '#14532d',
    },
  },
  {
    selector: 'edge.cmp-shrunk',
    style: {
      'underlay-color': '#dc2626',
      'underlay-opacity': 0.3,
      'underlay-padding': 4,
      opacity: 1,
      label: 'data(cmpLabel)',
      color: '#7f1d1d',
    },
  },
  {
    selector: 'edge.cmp-gone',
    style: {
      'line-style': 'dashed',
      'line-color': '#9ca3af',
      'target-arrow-color': '#9ca3af',
      'target-arrow-shape': 'tee',
      opacity: 0.9,
      label: 'data(cmpLabel)',
      color: '#374151',
    },
  },
];
