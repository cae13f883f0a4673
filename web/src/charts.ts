import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
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

export function barChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: Series[],
  horizontal = true,
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
          scales: {
            [horizontal ? 'x' : 'y']: {
              ticks: {
                callback: (v: string | number) => usd(Number(v)),
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
