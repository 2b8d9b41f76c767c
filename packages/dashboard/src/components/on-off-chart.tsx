import { useEffect, useId, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { latest, toChartData, type OnOffSeries } from '../lib/chart-data.js';
import { formatDateTime } from '../lib/format.js';

export interface OnOffChartProps {
  /** e.g. "p95 latency". */
  readonly title: string;
  /** The metric's unit, e.g. "ms"; shown on the axis and in the summary. */
  readonly unit?: string | undefined;
  readonly data: OnOffSeries;
  /** A gate's threshold, drawn as a dashed line. */
  readonly threshold?: number | undefined;
  readonly height?: number | undefined;
}

const ON_COLOR = '#1d4ed8';
const OFF_COLOR = '#9a3412';
const THRESHOLD_COLOR = '#4b5563';

/**
 * A metric for the ON and OFF cohorts over time (uPlot). ON is a solid blue line, OFF a
 * dashed brown one, so they differ without colour too. A text summary and a data table
 * carry the same numbers for screen readers.
 */
export function OnOffChart({ title, unit, data, threshold, height = 240 }: OnOffChartProps) {
  const id = useId();
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const suffix = unit === undefined ? '' : ` ${unit}`;

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const chart = new uPlot(
      options(element.clientWidth, height, unit, threshold),
      toChartData(data),
      element,
    );
    plot.current = chart;
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: element.clientWidth, height }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when its shape changes; new data goes through setData below.
  }, [height, unit, threshold]);

  useEffect(() => {
    plot.current?.setData(toChartData(data));
  }, [data]);

  const on = latest(data.on);
  const off = latest(data.off);
  const summary = `${title}: latest ON ${on ?? 'no data'}${on === null ? '' : suffix}, OFF ${off ?? 'no data'}${off === null ? '' : suffix}`;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div ref={container} role="img" aria-label={summary} />
      <details>
        <summary>Data as a table</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">ON{suffix}</th>
              <th scope="col">OFF{suffix}</th>
            </tr>
          </thead>
          <tbody>
            {data.times.map((time, i) => (
              <tr key={time}>
                <td>{formatDateTime(new Date(time).toISOString())}</td>
                <td>{data.on[i] ?? '–'}</td>
                <td>{data.off[i] ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function options(
  width: number,
  height: number,
  unit: string | undefined,
  threshold: number | undefined,
): uPlot.Options {
  return {
    width,
    height,
    // Times are milliseconds.
    ms: 1,
    scales: { x: { time: true } },
    axes: [{}, { label: unit ?? '', size: 60 }],
    series: [
      {},
      { label: 'ON', stroke: ON_COLOR, width: 2 },
      { label: 'OFF', stroke: OFF_COLOR, width: 2, dash: [6, 4] },
    ],
    hooks: threshold === undefined ? {} : { draw: [(u: uPlot) => drawThreshold(u, threshold)] },
  };
}

function drawThreshold(u: uPlot, value: number): void {
  const y = u.valToPos(value, 'y', true);
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = THRESHOLD_COLOR;
  ctx.setLineDash([2, 4]);
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(bbox.left + bbox.width, y);
  ctx.stroke();
  ctx.restore();
}
