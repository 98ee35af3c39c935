/**
 * The chart library, loaded only by the pages that draw charts (dynamic import from
 * components/insights/TimeChart): uPlot, ~23 KB gzipped with its CSS, canvas, no dependencies.
 * It styles its elements through the CSSOM (element.style), which the CSP allows.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  /** Pesos (numbers are fine for drawing; every figure shown as text comes from the API's centavos). */
  values: number[];
  color: string;
}

export interface ChartOptions {
  labels: string[];
  series: ChartSeries[];
  kind: "bars" | "line";
  dark: boolean;
  width: number;
  height: number;
  onSelect: (index: number) => void;
}

const compact = new Intl.NumberFormat("en-PH", { notation: "compact", maximumFractionDigits: 1 });

export function drawChart(el: HTMLElement, o: ChartOptions) {
  const axisColor = o.dark ? "#a1a1aa" : "#52525b";
  const gridColor = o.dark ? "#27272a" : "#e4e4e7";
  const n = o.series.length;
  const axis = {
    stroke: axisColor,
    grid: { stroke: gridColor, width: 1 },
    ticks: { stroke: gridColor, width: 1 },
  };
  const x = o.labels.map((_, i) => i);
  const chart = new uPlot(
    {
      width: o.width,
      height: o.height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: o.kind === "line" } },
      scales: { x: { time: false, range: o.kind === "bars" ? [-0.6, x.length - 0.4] : undefined } },
      axes: [
        {
          ...axis,
          grid: { show: false },
          splits: () => x,
          values: (_u, splits) => {
            const step = Math.ceil(splits.length / Math.max(1, Math.floor(o.width / 56)));
            return splits.map((i) => (i % step === (x.length - 1) % step ? (o.labels[i] ?? "") : ""));
          },
        },
        { ...axis, size: 52, values: (_u, splits) => splits.map((v) => `₱${compact.format(v)}`) },
      ],
      series: [
        {},
        ...o.series.map((s, i) => ({
          label: s.label,
          stroke: s.color,
          fill: o.kind === "bars" ? s.color : undefined,
          width: o.kind === "bars" ? 0 : 2,
          points: { show: o.kind === "line" && x.length < 2 },
          paths:
            o.kind === "bars"
              ? uPlot.paths.bars!({
                  size: [0.8 / n, 48],
                  align: (n === 1 ? 0 : i === 0 ? -1 : 1) as -1 | 0 | 1,
                })
              : undefined,
        })),
      ],
      hooks: {
        setCursor: [
          (u) => {
            if (u.cursor.idx !== null && u.cursor.idx !== undefined) o.onSelect(u.cursor.idx);
          },
        ],
      },
    },
    [x, ...o.series.map((s) => s.values)],
    el,
  );
  // a tap (touch or pen) picks the nearest month, as hovering does with a mouse
  chart.over.addEventListener("pointerdown", (e) => {
    const index = Math.round(chart.posToVal(e.offsetX, "x"));
    if (index >= 0 && index < x.length) o.onSelect(index);
  });
  return {
    resize: (width: number) => chart.setSize({ width, height: o.height }),
    destroy: () => chart.destroy(),
  };
}
