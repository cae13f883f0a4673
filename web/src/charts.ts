import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { usd } from './format';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
  Filler,
);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.animation = false;

export interface Series {
  label: string;
  values: number[];
  colour: string;
}

/** One chart per canvas: a new call replaces the old chart. */
const charts = new WeakMap<HTMLCanvasElement, Chart>();

function replace(canvas: HTMLCanvasElement, make: () => Chart): Chart {
  charts.get(canvas)?.destroy();
  const chart = make();
  charts.set(canvas, chart);
  return chart;
}

export function lineChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: Series[],
  marker?: string,
): Chart {
  return replace(
    canvas,
    () =>
      new Chart(canvas, {
        type: 'line',
        data: {
          labels,
          datasets: series.map((s) => ({
            label: s.label,
            data: s.values,
            borderColor: s.colour,
            backgroundColor: `${s.colour}33`,
            fill: false,
            pointRadius: labels.map((l) => (l === marker ? 5 : 0)),
            pointBackgroundColor: s.colour,
            borderWidth: 2,
            tension: 0.15,
          })),
        },
        options: {
          maintainAspectRatio: false,
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: { ticks: { maxTicksLimit: 8, autoSkip: true } },
            y: { ticks: { callback: (v) => usd(Number(v)) } },
          },
          plugins: {
            legend: { position: 'bottom', labels: { boxWidth: 12 } },
            tooltip: {
              callbacks: {
                label: (ctx) =>
                  `${ctx.dataset.label}: ${usd(Number(ctx.parsed.y))}`,
              },
            },
          },
        },
      }),
  );
}

export interface BarOptions {
  /** A log value axis: losses spanning orders of magnitude all stay visible. */
  log?: boolean;
  /** Called with the index of the bar (or its label) clicked. */
  onPick?: (index: number) => void;
}

export function barChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: Series[],
  horizontal = true,
  extra: BarOptions = {},
): Chart {
  return replace(
    canvas,
    () =>
      new Chart(canvas, {
        type: 'bar',
        data: {
          labels,
          datasets: series.map((s) => ({
            label: s.label,
            data: s.values,
            backgroundColor: s.colour,
          })),
        },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          maintainAspectRatio: false,
          onClick: (_ev, active, chart) => {
            if (!extra.onPick) return;
            if (active.length > 0) return extra.onPick(active[0].index);
            // A click on a company's name (the category axis) picks it too.
            const axis = chart.scales[horizontal ? 'y' : 'x'];
            const pos = horizontal ? _ev.y : _ev.x;
            if (pos === null || pos === undefined) return;
            const i = Math.round(axis.getValueForPixel(pos) ?? -1);
            if (i >= 0 && i < labels.length) extra.onPick(i);
          },
          onHover: (ev, active) => {
            const target = ev.native?.target as HTMLElement | undefined;
            if (target && extra.onPick)
              target.style.cursor = active.length > 0 ? 'pointer' : 'default';
          },
          scales: {
            [horizontal ? 'x' : 'y']: {
              type: extra.log ? 'logarithmic' : 'linear',
              ticks: {
                // On a log axis only the powers of ten are named; the rest are grid lines.
                callback: (v: string | number) =>
                  !extra.log || Math.abs(Math.log10(Number(v)) % 1) < 1e-9
                    ? usd(Number(v))
                    : '',
                maxRotation: 0,
              },
            },
            // Every company named, none skipped.
            [horizontal ? 'y' : 'x']: {
              ticks: { autoSkip: false, font: { size: 11 } },
            },
          },
          plugins: {
            legend: { display: series.length > 1, position: 'bottom' },
            tooltip: {
              callbacks: {
                label: (ctx) =>
                  `${ctx.dataset.label}: ${usd(Number(horizontal ? ctx.parsed.x : ctx.parsed.y))}`,
              },
            },
          },
        },
      }),
  );
}
