import { useEffect, useRef } from 'preact/hooks';

export interface LineSeriesData {
  readonly name: string;
  /** Epoch ms and value; several points in one second keep the last (the chart's time step is 1 s). */
  readonly points: readonly { t: number; v: number }[];
  readonly color?: string;
}

function bySecond(points: readonly { t: number; v: number }[]): { time: number; value: number }[] {
  const m = new Map<number, number>();
  for (const p of [...points].sort((a, b) => a.t - b.t)) m.set(Math.floor(p.t / 1000), p.v);
  return [...m].map(([time, value]) => ({ time, value }));
}

const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * TradingView lightweight-charts, loaded on first use (it is not on the first view's critical path).
 * Colours come from the theme's CSS variables, so the chart follows the system's dark or light mode.
 */
export function LineChart({ series, height = 220, label }: { series: readonly LineSeriesData[]; height?: number; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const key = JSON.stringify(series.map((s) => [s.name, s.points.length, s.points.at(-1)?.v]));
  useEffect(() => {
    let disposed = false;
    let remove = (): void => undefined;
    void import('lightweight-charts').then(({ createChart, LineSeries }) => {
      if (disposed || !el.current) return;
      const chart = createChart(el.current, {
        height,
        autoSize: true,
        layout: { background: { color: 'transparent' }, textColor: cssVar('--fg') || '#888' },
        grid: { vertLines: { color: cssVar('--grid') || '#8883' }, horzLines: { color: cssVar('--grid') || '#8883' } },
        timeScale: { timeVisible: true, secondsVisible: false },
      });
      for (const s of series) {
        const line = chart.addSeries(LineSeries, { color: s.color ?? (cssVar('--accent') || '#2a7'), lineWidth: 2, title: s.name });
        line.setData(bySecond(s.points) as never);
      }
      chart.timeScale().fitContent();
      remove = () => chart.remove();
    });
    return () => {
      disposed = true;
      remove();
    };
  }, [key, height]);
  return <div class="chart" ref={el} role="img" aria-label={label} style={{ height: `${height}px` }} />;
}
