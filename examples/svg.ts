/**
 * A small, dependency-free SVG writer for the examples' figures (not part of the library):
 * bar charts, scatter plots (optionally coloured by a value), line plots with several series,
 * and arrow fields, each with axes, ticks, axis labels, a title and a legend.
 *
 * Every function returns the SVG document as a string; {@link writeSvg} writes it to disk and
 * records the path (see `writtenFiles` in ./util.ts). Coordinates are data coordinates; the
 * writer maps them into the plot area, so every drawn coordinate is finite and inside the
 * `viewBox` (non-finite data values are skipped, never written).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { recordOutput } from "./util.js";

/** Ten distinguishable colours (the default cycle for series without a `color`). */
export const PALETTE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** Frame options shared by every chart. */
export interface FrameOptions {
  /** Title drawn above the plot (default none). */
  title?: string;
  /** Label under the x axis (default none). */
  xLabel?: string;
  /** Label left of the y axis, rotated (default none). */
  yLabel?: string;
  /** Width of the document in px (default 560). */
  width?: number;
  /** Height of the document in px (default 380). */
  height?: number;
  /** x range [min, max] (default: the data's range, padded by 4%). */
  xDomain?: [number, number];
  /** y range [min, max] (default: the data's range, padded by 4%; bar charts include 0). */
  yDomain?: [number, number];
  /** Logarithmic y axis (base 10); values ≤ 0 are drawn at the bottom of the axis (default false). */
  yLog?: boolean;
  /** Use the same scale on x and y, so circles look round (default false). */
  equalAspect?: boolean;
  /** Explicit x tick values (default: about six "nice" values). */
  xTicks?: number[];
  /** Where the legend goes (default "top-right"; "none" hides it). */
  legend?: "top-right" | "top-left" | "bottom-right" | "bottom-left" | "none";
}

/** One polyline series of {@link linePlot}. */
export interface LineSeries {
  /** Legend entry. */
  name: string;
  /** x values (same length as y). */
  x: ArrayLike<number>;
  /** y values. */
  y: ArrayLike<number>;
  /** Stroke colour (default from {@link PALETTE}). */
  color?: string;
  /** Dashed stroke (default false). */
  dashed?: boolean;
  /** Draw a dot at each point (default false). */
  markers?: boolean;
}

/** One layer of points of {@link scatter}. */
export interface ScatterLayer {
  /** Legend entry. */
  name: string;
  /** x values. */
  x: ArrayLike<number>;
  /** y values. */
  y: ArrayLike<number>;
  /** Fill colour (default from {@link PALETTE}); ignored when `values` is given. */
  color?: string;
  /** Colour each point by this value (a blue→yellow→red ramp over its min..max); default none. */
  values?: ArrayLike<number>;
  /** Radius in px (default 2.5). */
  radius?: number;
  /** Fill opacity in [0, 1] (default 0.85). */
  opacity?: number;
  /** Draw this layer above the arrow layers (default false: points lie under arrows). */
  above?: boolean;
}

/** One arrow layer of {@link arrows}: an arrow from (x, y) to (x + s·u, y + s·v) at each point. */
export interface ArrowLayer {
  /** Legend entry. */
  name: string;
  /** Tail x. */
  x: ArrayLike<number>;
  /** Tail y. */
  y: ArrayLike<number>;
  /** Vector x components. */
  u: ArrayLike<number>;
  /** Vector y components. */
  v: ArrayLike<number>;
  /** Data-space multiplier s for the vectors (default 1). */
  scale?: number;
  /** Stroke colour (default from {@link PALETTE}). */
  color?: string;
  /** Stroke width in px (default 1.4). */
  width?: number;
}

/** Layers for {@link figure}: any mix of lines, points and arrows on one pair of axes. */
export interface FigureLayers {
  /** Polylines. */
  lines?: LineSeries[];
  /** Point layers (drawn above lines). */
  points?: ScatterLayer[];
  /** Arrow layers (drawn on top). */
  arrows?: ArrowLayer[];
}

/** One series of {@link barChart}: a value per category. */
export interface BarSeries {
  /** Legend entry. */
  name: string;
  /** One value per category. */
  values: ArrayLike<number>;
  /** Fill colour (default from {@link PALETTE}). */
  color?: string;
}

const MARGIN = { left: 62, right: 18, top: 34, bottom: 48 };

/** Escape text for SVG content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

/** A number for an attribute: rounded to 0.01 px, always finite (callers pass finite values). */
function f(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}

/**
 * "Nice" tick values inside [lo, hi]: multiples of a step of 1, 2 or 5 × 10^k, the step chosen
 * so that the number of ticks is closest to `count` (ties: the larger step).
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return [lo];
  const mag = 10 ** Math.floor(Math.log10((hi - lo) / Math.max(1, count)));
  const ticksFor = (step: number) => {
    const out: number[] = [];
    const first = Math.ceil(lo / step - 1e-9);
    for (let i = first; i * step <= hi + step * 1e-9; i++)
      out.push(Number((i * step).toPrecision(12)));
    return out;
  };
  let best: number[] = [];
  for (const m of [1, 2, 5, 10, 20]) {
    const t = ticksFor(m * mag);
    if (best.length === 0 || Math.abs(t.length - count) <= Math.abs(best.length - count)) best = t;
  }
  return best;
}

function tickLabel(t: number): string {
  if (t === 0) return "0";
  const a = Math.abs(t);
  if (a >= 1e5 || a < 1e-3) return t.toExponential(0);
  return Number(t.toPrecision(6)).toString();
}

/** Min and max of the finite values of several arrays (null when there are none). */
function extent(arrays: ArrayLike<number>[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

function pad([lo, hi]: [number, number]): [number, number] {
  if (hi === lo) return [lo - 1, hi + 1];
  const p = 0.04 * (hi - lo);
  return [lo - p, hi + p];
}

/** Blue → yellow → red colour for t ∈ [0, 1]. */
export function rampColor(t: number): string {
  const s = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const stops = [
    [49, 54, 149],
    [116, 173, 209],
    [254, 224, 144],
    [244, 109, 67],
    [165, 0, 38],
  ];
  const x = s * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const w = x - i;
  const c = stops[i].map((v, k) => Math.round(v + w * (stops[i + 1][k] - v)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

interface Frame {
  /** Accessible name of the figure (its title), emitted as the SVG's <title>. */
  name: string;
  W: number;
  H: number;
  sx: (x: number) => number;
  sy: (y: number) => number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  parts: string[];
}

/** Build the frame: background, title, grid, ticks, axis labels. */
function frame(
  opts: FrameOptions,
  xData: [number, number],
  yData: [number, number],
  xTicks: "numeric" | "none",
): Frame {
  const W = opts.width ?? 560;
  const H = opts.height ?? 380;
  const [xlo, xhi] = opts.xDomain ?? pad(xData);
  let [ylo, yhi] = opts.yDomain ?? pad(yData);
  const yLog = opts.yLog === true;
  if (yLog) {
    ylo = Math.floor(Math.log10(Math.max(ylo, 1e-300)));
    yhi = Math.ceil(Math.log10(Math.max(yhi, 1e-300)));
    if (yhi <= ylo) yhi = ylo + 1;
  }
  let pl = MARGIN.left;
  let pr = W - MARGIN.right;
  let pt = MARGIN.top;
  let pb = H - MARGIN.bottom;
  if (opts.equalAspect && !yLog) {
    // Shrink one axis so that one data unit is the same number of px on both.
    const k = Math.min((pr - pl) / (xhi - xlo), (pb - pt) / (yhi - ylo));
    const cx = (pl + pr) / 2;
    const cy = (pt + pb) / 2;
    const hw = (k * (xhi - xlo)) / 2;
    const hh = (k * (yhi - ylo)) / 2;
    [pl, pr, pt, pb] = [cx - hw, cx + hw, cy - hh, cy + hh];
  }
  const sx = (x: number) => pl + ((x - xlo) / (xhi - xlo)) * (pr - pl);
  const syLin = (y: number) => pb - ((y - ylo) / (yhi - ylo)) * (pb - pt);
  const sy = yLog
    ? (y: number) => (y > 0 ? clampY(syLin(Math.log10(y)), pt, pb) : pb)
    : (y: number) => clampY(syLin(y), pt, pb);
  const parts: string[] = [
    `<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`,
    `<rect x="${f(pl)}" y="${f(pt)}" width="${f(pr - pl)}" height="${f(pb - pt)}" fill="none" stroke="#999"/>`,
  ];
  if (opts.title) {
    parts.push(
      `<text x="${f(W / 2)}" y="20" font-size="14" text-anchor="middle">${escapeXml(opts.title)}</text>`,
    );
  }
  const decadeStep = Math.max(1, Math.ceil((yhi - ylo) / 10));
  const yt = yLog
    ? Array.from(
        { length: Math.floor((yhi - ylo) / decadeStep) + 1 },
        (_, i) => ylo + i * decadeStep,
      )
    : niceTicks(ylo, yhi, 5);
  for (const t of yt) {
    const py = syLin(t);
    if (py < pt - 0.5 || py > pb + 0.5) continue;
    parts.push(
      `<line x1="${f(pl)}" x2="${f(pr)}" y1="${f(py)}" y2="${f(py)}" stroke="#eee"/>`,
      `<text x="${f(pl - 6)}" y="${f(py + 4)}" font-size="11" text-anchor="end">${yLog ? `1e${t}` : tickLabel(t)}</text>`,
    );
  }
  if (xTicks === "numeric") {
    for (const t of opts.xTicks ?? niceTicks(xlo, xhi, 6)) {
      const px = sx(t);
      if (px < pl - 0.5 || px > pr + 0.5) continue;
      parts.push(
        `<line x1="${f(px)}" x2="${f(px)}" y1="${f(pt)}" y2="${f(pb)}" stroke="#f2f2f2"/>`,
        `<text x="${f(px)}" y="${f(pb + 16)}" font-size="11" text-anchor="middle">${tickLabel(t)}</text>`,
      );
    }
  }
  if (opts.xLabel) {
    parts.push(
      `<text x="${f((pl + pr) / 2)}" y="${f(H - 10)}" font-size="12" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`,
    );
  }
  if (opts.yLabel) {
    parts.push(
      `<text x="14" y="${f((pt + pb) / 2)}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${f((pt + pb) / 2)})">${escapeXml(opts.yLabel)}</text>`,
    );
  }
  return { name: opts.title ?? "figure", W, H, sx, sy, x0: pl, x1: pr, y0: pt, y1: pb, parts };
}

function clampY(y: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, y));
}

function legend(
  fr: Frame,
  entries: { name: string; color: string; kind: "line" | "dot" | "box" | "dash" }[],
  where: FrameOptions["legend"],
): void {
  if (where === "none" || entries.length === 0) return;
  const w = 14 + 7 * Math.max(...entries.map((e) => e.name.length)) + 24;
  const h = 16 * entries.length + 8;
  const right = where === undefined || where.endsWith("right");
  const top = where === undefined || where.startsWith("top");
  const lx = right ? fr.x1 - w - 6 : fr.x0 + 6;
  const ly = top ? fr.y0 + 6 : fr.y1 - h - 6;
  fr.parts.push(
    `<rect x="${f(lx)}" y="${f(ly)}" width="${f(w)}" height="${f(h)}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`,
  );
  entries.forEach((e, i) => {
    const cy = ly + 12 + 16 * i;
    const mark =
      e.kind === "dot"
        ? `<circle cx="${f(lx + 15)}" cy="${f(cy)}" r="4" fill="${e.color}"/>`
        : e.kind === "box"
          ? `<rect x="${f(lx + 9)}" y="${f(cy - 5)}" width="12" height="10" fill="${e.color}"/>`
          : `<line x1="${f(lx + 6)}" x2="${f(lx + 24)}" y1="${f(cy)}" y2="${f(cy)}" stroke="${e.color}" stroke-width="2"${e.kind === "dash" ? ' stroke-dasharray="5 3"' : ""}/>`;
    fr.parts.push(
      mark,
      `<text x="${f(lx + 30)}" y="${f(cy + 4)}" font-size="11">${escapeXml(e.name)}</text>`,
    );
  });
}

function finish(fr: Frame): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${fr.W}" height="${fr.H}" viewBox="0 0 ${fr.W} ${fr.H}" font-family="sans-serif" role="img">\n<title>${escapeXml(fr.name)}</title>\n${fr.parts.join("\n")}\n</svg>\n`;
}

/**
 * Lines, points and arrows on one pair of numeric axes. Non-finite data values are skipped
 * (a polyline breaks there); points outside an explicit domain are dropped, so everything drawn
 * lies inside the plot area. Drawing order: point layers, lines, arrows, then point layers
 * marked `above`.
 */
export function figure(layers: FigureLayers, opts: FrameOptions = {}): string {
  const lines = layers.lines ?? [];
  const points = layers.points ?? [];
  const arrowLayers = layers.arrows ?? [];
  const xs: ArrayLike<number>[] = [];
  const ys: ArrayLike<number>[] = [];
  for (const s of [...lines, ...points]) {
    xs.push(s.x);
    ys.push(opts.yLog ? Array.from(s.y, (v) => (v > 0 ? v : Number.NaN)) : s.y);
  }
  for (const a of arrowLayers) {
    const s = a.scale ?? 1;
    xs.push(
      a.x,
      Array.from(a.x, (x, i) => x + s * a.u[i]),
    );
    ys.push(
      a.y,
      Array.from(a.y, (y, i) => y + s * a.v[i]),
    );
  }
  const fr = frame(opts, extent(xs) ?? [0, 1], extent(ys) ?? [1e-3, 1], "numeric");
  const inside = (px: number, py: number) =>
    Number.isFinite(px) &&
    Number.isFinite(py) &&
    px >= fr.x0 - 1e-6 &&
    px <= fr.x1 + 1e-6 &&
    py >= fr.y0 - 1e-6 &&
    py <= fr.y1 + 1e-6;
  const entries: Parameters<typeof legend>[1] = [];
  let c = 0;
  const next = () => PALETTE[c++ % PALETTE.length];
  const drawPoints = (s: ScatterLayer) => {
    const color = s.color ?? next();
    const r = s.radius ?? 2.5;
    const op = s.opacity ?? 0.85;
    const range = s.values ? extent([s.values]) : null;
    for (let i = 0; i < s.x.length; i++) {
      const px = fr.sx(s.x[i]);
      const py = Number.isFinite(s.y[i]) ? fr.sy(s.y[i]) : Number.NaN;
      if (!inside(px, py)) continue;
      const fill =
        s.values && range
          ? rampColor((s.values[i] - range[0]) / (range[1] - range[0] || 1))
          : color;
      fr.parts.push(
        `<circle cx="${f(px)}" cy="${f(py)}" r="${r}" fill="${fill}" fill-opacity="${op}"/>`,
      );
    }
    entries.push({ name: s.name, color: s.values ? rampColor(0.8) : color, kind: "dot" });
  };
  for (const s of points) if (!s.above) drawPoints(s);
  for (const s of lines) {
    const color = s.color ?? next();
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) {
        fr.parts.push(
          `<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""} points="${run.join(" ")}"/>`,
        );
      }
      run = [];
    };
    for (let i = 0; i < s.x.length; i++) {
      const yv = s.y[i];
      const px = fr.sx(s.x[i]);
      const py = Number.isFinite(yv) && (!opts.yLog || yv > 0) ? fr.sy(yv) : Number.NaN;
      if (!inside(px, py)) {
        flush();
        continue;
      }
      run.push(`${f(px)},${f(py)}`);
      if (s.markers) fr.parts.push(`<circle cx="${f(px)}" cy="${f(py)}" r="3" fill="${color}"/>`);
    }
    flush();
    entries.push({ name: s.name, color, kind: s.dashed ? "dash" : "line" });
  }
  for (const a of arrowLayers) {
    const color = a.color ?? next();
    const s = a.scale ?? 1;
    for (let i = 0; i < a.x.length; i++) {
      const x0 = fr.sx(a.x[i]);
      const y0 = fr.sy(a.y[i]);
      const x1 = fr.sx(a.x[i] + s * a.u[i]);
      const y1 = fr.sy(a.y[i] + s * a.v[i]);
      if (!inside(x0, y0) || !inside(x1, y1)) continue;
      const len = Math.hypot(x1 - x0, y1 - y0);
      if (len < 1e-9) continue;
      // Head: two short strokes at ±25° from the shaft, 30% of its length (at most 7 px).
      const h = Math.min(7, 0.3 * len);
      const ux = (x0 - x1) / len;
      const uy = (y0 - y1) / len;
      const cs = Math.cos(0.44);
      const sn = Math.sin(0.44);
      const hx1 = x1 + h * (ux * cs - uy * sn);
      const hy1 = y1 + h * (ux * sn + uy * cs);
      const hx2 = x1 + h * (ux * cs + uy * sn);
      const hy2 = y1 + h * (-ux * sn + uy * cs);
      if (!inside(hx1, hy1) || !inside(hx2, hy2)) continue;
      fr.parts.push(
        `<path d="M${f(x0)} ${f(y0)}L${f(x1)} ${f(y1)}M${f(hx1)} ${f(hy1)}L${f(x1)} ${f(y1)}L${f(hx2)} ${f(hy2)}" fill="none" stroke="${color}" stroke-width="${a.width ?? 1.4}"/>`,
      );
    }
    entries.push({ name: a.name, color, kind: "line" });
  }
  for (const s of points) if (s.above) drawPoints(s);
  legend(fr, entries, opts.legend);
  return finish(fr);
}

/** A line plot of one or more series (see {@link figure}). */
export function linePlot(series: LineSeries[], opts: FrameOptions = {}): string {
  return figure({ lines: series }, opts);
}

/** A scatter plot of one or more point layers, optionally coloured by value (see {@link figure}). */
export function scatter(layers: ScatterLayer[], opts: FrameOptions = {}): string {
  return figure({ points: layers }, opts);
}

/** Arrow fields, optionally over point layers (see {@link figure}). */
export function arrows(
  layers: ArrowLayer[],
  opts: FrameOptions = {},
  points: ScatterLayer[] = [],
): string {
  return figure({ arrows: layers, points }, opts);
}

/**
 * A grouped bar chart: one group of bars per category, one bar per series. With `yLog`, values
 * ≤ 0 are drawn as a short stub at the bottom labelled "0".
 */
export function barChart(
  categories: string[],
  series: BarSeries[],
  opts: FrameOptions = {},
): string {
  const all = series.map((s) => s.values);
  const ext = extent(
    opts.yLog ? all.map((a) => Array.from(a, (v) => (v > 0 ? v : Number.NaN))) : all,
  ) ?? [0, 1];
  const yData: [number, number] = opts.yLog
    ? ext
    : [Math.min(0, ext[0]), Math.max(0, ext[1] + 0.04 * (ext[1] - Math.min(0, ext[0])))];
  const fr = frame(
    { ...opts, yDomain: opts.yDomain ?? (opts.yLog ? yData : [yData[0], yData[1]]) },
    [0, 1],
    yData,
    "none",
  );
  const nCat = Math.max(1, categories.length);
  const groupW = (fr.x1 - fr.x0) / nCat;
  const barW = (0.8 * groupW) / Math.max(1, series.length);
  const base = opts.yLog ? fr.y1 : fr.sy(0);
  const entries: Parameters<typeof legend>[1] = [];
  series.forEach((s, j) => {
    const color = s.color ?? PALETTE[j % PALETTE.length];
    for (let i = 0; i < categories.length; i++) {
      const v = s.values[i];
      if (!Number.isFinite(v)) continue;
      const x = fr.x0 + i * groupW + 0.1 * groupW + j * barW;
      if (opts.yLog && v <= 0) {
        fr.parts.push(
          `<rect x="${f(x)}" y="${f(fr.y1 - 2)}" width="${f(barW)}" height="2" fill="${color}"/>`,
          `<text x="${f(x + barW / 2)}" y="${f(fr.y1 - 5)}" font-size="10" text-anchor="middle" fill="${color}">0</text>`,
        );
        continue;
      }
      const top = fr.sy(v);
      fr.parts.push(
        `<rect x="${f(x)}" y="${f(Math.min(top, base))}" width="${f(barW)}" height="${f(Math.abs(base - top))}" fill="${color}"/>`,
      );
    }
    entries.push({ name: s.name, color, kind: "box" });
  });
  categories.forEach((c, i) => {
    fr.parts.push(
      `<text x="${f(fr.x0 + (i + 0.5) * groupW)}" y="${f(fr.y1 + 16)}" font-size="11" text-anchor="middle">${escapeXml(c)}</text>`,
    );
  });
  legend(fr, entries, opts.legend);
  return finish(fr);
}

/** Write an SVG document to `path` (creating its folder), record it, and return the path. */
export function writeSvg(path: string, svg: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, svg);
  recordOutput(path);
  return path;
}
