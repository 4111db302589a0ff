// Pure maths for the server-rendered SVG line charts: scales, step/line paths and axis ticks.

export interface Point { t: number; v: number }
export interface Series { label: string; points: Point[] }
export interface Box { width: number; height: number; left: number; right: number; top: number; bottom: number }
export interface Plot {
  paths: { label: string; d: string; last: { x: number; y: number; v: number } | null }[];
  xTicks: { x: number; t: number }[];
  yTicks: { y: number; v: number }[];
}

/** "Nice" tick values covering [0, max]. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

/** Lays out series in the box. `step` draws values as held until the next observation (snapshots, valuations). */
export function plot(series: Series[], box: Box, opts: { yMax?: number; step?: boolean; xTickCount?: number } = {}): Plot {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return { paths: [], xTicks: [], yTicks: [] };
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t));
  const yTickVals = niceTicks(opts.yMax ?? Math.max(...all.map((p) => p.v)));
  const yMax = yTickVals[yTickVals.length - 1]! || 1;
  const iw = box.width - box.left - box.right;
  const ih = box.height - box.top - box.bottom;
  const x = (t: number) => box.left + (t1 === t0 ? iw / 2 : ((t - t0) / (t1 - t0)) * iw);
  const y = (v: number) => box.top + ih - (v / yMax) * ih;
  const r = (n: number) => Math.round(n * 10) / 10;

  const paths = series.map((s) => {
    const pts = [...s.points].sort((a, b) => a.t - b.t);
    let d = '';
    pts.forEach((p, i) => {
      if (i === 0) d += `M${r(x(p.t))},${r(y(p.v))}`;
      else if (opts.step) d += `H${r(x(p.t))}V${r(y(p.v))}`;
      else d += `L${r(x(p.t))},${r(y(p.v))}`;
    });
    const lastP = pts[pts.length - 1];
    return { label: s.label, d, last: lastP ? { x: r(x(lastP.t)), y: r(y(lastP.v)), v: lastP.v } : null };
  });
  const n = opts.xTickCount ?? 4;
  const xTicks = t1 === t0 ? [{ x: r(x(t0)), t: t0 }] : Array.from({ length: n + 1 }, (_, i) => {
    const t = t0 + ((t1 - t0) * i) / n;
    return { x: r(x(t)), t };
  });
  return { paths, xTicks, yTicks: yTickVals.map((v) => ({ y: r(y(v)), v })) };
}
