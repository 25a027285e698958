/**
 * The interactive demo page: fit CIDM to a point cloud, colour it by eigenfunctions, draw an
 * SEC tangent field, project clicked points with Nyström, and compare two subspaces of R³ by
 * their principal angles. The page's state is mirrored on `window.__demo` for tests.
 *
 * @module
 */

import type { GpuBackend } from "../src/gpu/index.js";
import {
  type CidmModel,
  cidm,
  type Matrix,
  nystromExtend,
  nystromProject,
  type SecFields,
  secFields,
  tangentBasis,
} from "../src/index.js";
import { drawSubspaces, expectedAngles, libraryAngles, type Subspace3 } from "./angles.js";
import { divergingColour, phaseColour } from "./colour.js";
import { makeShape, SHAPES, type ShapeName } from "./shapes.js";

/** Eigenpairs fitted (φ_0 … φ_20); the projection uses L ≤ 20 of them. */
const N_EIGS = 21;
/** Half-width of the data view in data units: every shape has radius ≈ 1, noise ≤ 0.15. */
const VIEW_HALF = 1.7;

/** What tests read from `window.__demo` (numbers in data coordinates). */
export interface DemoState {
  /** True once the first model is fitted and drawn. */
  ready: boolean;
  /** True while a fit is running. */
  busy: boolean;
  /** Incremented after every fit. */
  fitCount: number;
  /** Incremented after every projected click. */
  clickCount: number;
  dataset: ShapeName;
  n: number;
  noise: number;
  k: number;
  /** Pixel mapping of the data canvas (CSS px): px = width/2 + x·scale, py = height/2 − y·scale. */
  view: { width: number; height: number; scale: number };
  /** Model summary. */
  model: { eps: number; intrinsicDim: number; fitMs: number; secMs: number } | null;
  /** ξ_0 … ξ_{M−1} of the fitted model. */
  eigenvalues: number[];
  /** SEC energies μ of the fields (units of ξ_1). */
  secMu: number[];
  /** The clicked point, its Nyström iterates x_0 = click, x_1 = ι(x_0), …, and the last one. */
  lastClick: [number, number] | null;
  iterates: [number, number][];
  projected: [number, number] | null;
  /** Unit tangent at the projected point (SEC tangent basis), or null when unavailable. */
  tangent: [number, number] | null;
  projectMs: number;
  L: number;
  iterations: number;
  /** The GPU backend kind ("webgpu", "webgl", "wasm", "cpu"), "detecting", or "none" when it failed. */
  backend: string;
  /** The backend's distance block at the last projected point vs exact float64 sums. */
  gpuCheck: { kind: string; ms: number; maxRelError: number; bound: number } | null;
  /** Principal-angles panel: library result and closed form, in degrees. */
  angles: { libraryDeg: number[]; expectedDeg: number[] };
  /** The last error message, or null. */
  error: string | null;
}

declare global {
  interface Window {
    __demo: DemoState;
  }
}

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`demo: missing #${id}`);
  return el as T;
};

const ui = {
  dataset: $<HTMLSelectElement>("dataset"),
  n: $<HTMLInputElement>("n"),
  noise: $<HTMLInputElement>("noise"),
  k: $<HTMLSelectElement>("k"),
  draw: $<HTMLButtonElement>("draw"),
  refit: $<HTMLButtonElement>("refit"),
  about: $<HTMLSpanElement>("about"),
  colour: $<HTMLSelectElement>("colour"),
  field: $<HTMLSelectElement>("field"),
  L: $<HTMLInputElement>("L"),
  iters: $<HTMLInputElement>("iters"),
  status: $<HTMLSpanElement>("status"),
  backend: $<HTMLSpanElement>("backend"),
  clickInfo: $<HTMLPreElement>("click-info"),
  modelInfo: $<HTMLPreElement>("model-info"),
  anglesInfo: $<HTMLPreElement>("angles-info"),
  data: $<HTMLCanvasElement>("data"),
  embed: $<HTMLCanvasElement>("embed"),
  spectrum: $<HTMLCanvasElement>("spectrum"),
  angles: $<HTMLCanvasElement>("angles"),
};

const state: DemoState = {
  ready: false,
  busy: false,
  fitCount: 0,
  clickCount: 0,
  dataset: "warped-circle",
  n: 600,
  noise: 0,
  k: 16,
  view: { width: 560, height: 560, scale: 560 / (2 * VIEW_HALF) },
  model: null,
  eigenvalues: [],
  secMu: [],
  lastClick: null,
  iterates: [],
  projected: null,
  tangent: null,
  projectMs: 0,
  L: 20,
  iterations: 5,
  backend: "detecting",
  gpuCheck: null,
  angles: { libraryDeg: [], expectedDeg: [] },
  error: null,
};
window.__demo = state;

let model: CidmModel | null = null;
let gpu: GpuBackend | null = null;
let sec: SecFields | null = null;
let points: Matrix | null = null;
/** φ at the projected point (length ≥ 3), for the embedding marker. */
let projectedPhi: Float64Array | null = null;
let drawing = false;
let stroke: number[] = [];
let pointerDown = false;

/** A 2-D context whose units are CSS pixels on a backing store of devicePixelRatio. */
function context(canvas: HTMLCanvasElement): {
  ctx: CanvasRenderingContext2D;
  W: number;
  H: number;
} {
  const W = canvas.clientWidth;
  const H = canvas.clientHeight;
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(W * dpr) || canvas.height !== Math.round(H * dpr)) {
    canvas.width = Math.round(W * dpr);
    canvas.height = Math.round(H * dpr);
  }
  const ctx = canvas.getContext("2d");
  if (ctx === null) throw new Error("demo: no 2-D canvas context");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  return { ctx, W, H };
}

function toPixel(x: number, y: number): [number, number] {
  const { width, height, scale } = state.view;
  return [width / 2 + x * scale, height / 2 - y * scale];
}

function toData(px: number, py: number): [number, number] {
  const { width, height, scale } = state.view;
  return [(px - width / 2) / scale, (height / 2 - py) / scale];
}

function setStatus(text: string, isError = false): void {
  ui.status.textContent = text;
  ui.status.classList.toggle("error", isError);
}

function fail(e: unknown): void {
  const msg =
    e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
  state.error = msg;
  setStatus(msg, true);
}

/** Colour of training point i under the selected colouring. */
function pointColours(): string[] {
  if (model === null) return [];
  const { phi } = model;
  const M = phi.cols;
  const mode = ui.colour.value;
  const out: string[] = new Array(phi.rows);
  if (mode === "phase") {
    for (let i = 0; i < phi.rows; i++) {
      out[i] = phaseColour(Math.atan2(phi.data[i * M + 2], phi.data[i * M + 1]));
    }
    return out;
  }
  const l = Number(mode);
  let max = 0;
  for (let i = 0; i < phi.rows; i++) max = Math.max(max, Math.abs(phi.data[i * M + l]));
  for (let i = 0; i < phi.rows; i++) out[i] = divergingColour(phi.data[i * M + l] / max);
  return out;
}

function arrow(
  ctx: CanvasRenderingContext2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy);
  if (len < 1) return;
  const ux = dx / len;
  const uy = dy / len;
  const head = Math.min(6, 0.45 * len);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * (ux - 0.5 * uy), y1 - head * (uy + 0.5 * ux));
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * (ux + 0.5 * uy), y1 - head * (uy - 0.5 * ux));
  ctx.stroke();
}

/** Indices of a greedy subset of the points with pairwise distances ≥ gap (arrows evenly spread whatever the density). */
function spacedSubset(p: Matrix, gap: number): number[] {
  const kept: number[] = [];
  for (let i = 0; i < p.rows; i++) {
    const x = p.data[2 * i];
    const y = p.data[2 * i + 1];
    if (kept.every((j) => Math.hypot(x - p.data[2 * j], y - p.data[2 * j + 1]) >= gap))
      kept.push(i);
  }
  return kept;
}

function drawData(): void {
  const { ctx, W, H } = context(ui.data);
  state.view = { width: W, height: H, scale: Math.min(W, H) / (2 * VIEW_HALF) };
  // Axes and, for circles, the true manifold r = 1 as a reference.
  ctx.strokeStyle = "#e3e6ee";
  ctx.lineWidth = 1;
  const [ox, oy] = toPixel(0, 0);
  ctx.beginPath();
  ctx.moveTo(0, oy);
  ctx.lineTo(W, oy);
  ctx.moveTo(ox, 0);
  ctx.lineTo(ox, H);
  ctx.stroke();
  if (state.dataset === "circle" || state.dataset === "warped-circle") {
    ctx.setLineDash([4, 4]);
    ctx.strokeStyle = "#c5cad6";
    ctx.beginPath();
    ctx.arc(ox, oy, state.view.scale, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.fillStyle = "#8a90a0";
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillText("1", toPixel(1, 0)[0] - 3, oy + 13);
  ctx.fillText("−1", toPixel(-1, 0)[0] - 6, oy + 13);

  if (drawing || (state.dataset === "drawn" && stroke.length >= 2 && model === null)) {
    ctx.strokeStyle = "#1f5fbf";
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i < stroke.length; i += 2) {
      const [px, py] = toPixel(stroke[i], stroke[i + 1]);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
    if (drawing) return;
  }
  if (model === null || points === null) return;
  const colours = pointColours();
  for (let i = 0; i < points.rows; i++) {
    const [px, py] = toPixel(points.data[2 * i], points.data[2 * i + 1]);
    ctx.fillStyle = colours[i];
    ctx.beginPath();
    ctx.arc(px, py, 2.6, 0, 2 * Math.PI);
    ctx.fill();
  }
  // SEC field v_f at every stride-th point, longest arrow 0.22 data units.
  if (sec?.values) {
    const f = Math.min(Number(ui.field.value), sec.nFields - 1);
    const N = points.rows;
    const vals = sec.values;
    let vmax = 0;
    for (let i = 0; i < N; i++) {
      const o = (f * N + i) * 2;
      vmax = Math.max(vmax, Math.hypot(vals[o], vals[o + 1]));
    }
    const scale = (0.22 * state.view.scale) / (vmax || 1);
    ctx.strokeStyle = "rgba(30, 35, 48, 0.75)";
    ctx.lineWidth = 1.3;
    for (const i of spacedSubset(points, 0.13)) {
      const o = (f * N + i) * 2;
      const [px, py] = toPixel(points.data[2 * i], points.data[2 * i + 1]);
      arrow(ctx, px, py, px + scale * vals[o], py - scale * vals[o + 1]);
    }
  }
  // The clicked point, the path of its iterates, the projection and its tangent.
  if (state.lastClick !== null && state.iterates.length > 0) {
    ctx.strokeStyle = "#c0262d";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    state.iterates.forEach(([x, y], t) => {
      const [px, py] = toPixel(x, y);
      if (t === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.stroke();
    ctx.fillStyle = "#c0262d";
    for (const [x, y] of state.iterates.slice(1, -1)) {
      const [px, py] = toPixel(x, y);
      ctx.beginPath();
      ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    const [cx, cy] = toPixel(state.lastClick[0], state.lastClick[1]);
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(cx - 6, cy - 6);
    ctx.lineTo(cx + 6, cy + 6);
    ctx.moveTo(cx + 6, cy - 6);
    ctx.lineTo(cx - 6, cy + 6);
    ctx.stroke();
  }
  if (state.projected !== null) {
    const [px, py] = toPixel(state.projected[0], state.projected[1]);
    if (state.tangent !== null) {
      const t = 0.35 * state.view.scale;
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px - t * state.tangent[0], py + t * state.tangent[1]);
      ctx.lineTo(px + t * state.tangent[0], py - t * state.tangent[1]);
      ctx.stroke();
    }
    ctx.fillStyle = "#111";
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(px, py, 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

function drawEmbedding(): void {
  const { ctx, W, H } = context(ui.embed);
  if (model === null) return;
  const { phi } = model;
  const M = phi.cols;
  let max = 0;
  for (let i = 0; i < phi.rows; i++) {
    max = Math.max(max, Math.abs(phi.data[i * M + 1]), Math.abs(phi.data[i * M + 2]));
  }
  const s = (0.42 * Math.min(W, H)) / (max || 1);
  const px = (a: number, b: number): [number, number] => [W / 2 + s * a, H / 2 - s * b];
  ctx.strokeStyle = "#e3e6ee";
  ctx.beginPath();
  ctx.moveTo(0, H / 2);
  ctx.lineTo(W, H / 2);
  ctx.moveTo(W / 2, 0);
  ctx.lineTo(W / 2, H);
  ctx.stroke();
  const colours = pointColours();
  for (let i = 0; i < phi.rows; i++) {
    const [x, y] = px(phi.data[i * M + 1], phi.data[i * M + 2]);
    ctx.fillStyle = colours[i];
    ctx.beginPath();
    ctx.arc(x, y, 2.2, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.fillStyle = "#8a90a0";
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillText("φ₁ →", W - 36, H / 2 - 6);
  ctx.fillText("↑ φ₂", W / 2 + 6, 12);
  if (projectedPhi !== null) {
    const [x, y] = px(projectedPhi[1], projectedPhi[2]);
    ctx.fillStyle = "#111";
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

function drawSpectrum(): void {
  const { ctx, W, H } = context(ui.spectrum);
  if (model === null) return;
  const J = Math.min(10, model.xi.length - 1);
  const ratios = Array.from({ length: J }, (_, j) => model!.xi[j + 1] / model!.xi[1]);
  const ref = Array.from({ length: J }, (_, j) => Math.floor((j + 2) / 2) ** 2);
  const top = Math.max(...ratios, ...ref) * 1.08;
  const bw = (W - 20) / J;
  const y = (v: number) => H - 16 - (v / top) * (H - 24);
  ctx.font = "10px system-ui, sans-serif";
  for (let j = 0; j < J; j++) {
    const x = 10 + j * bw;
    ctx.fillStyle = "#7d9fd8";
    ctx.fillRect(x + 3, y(ratios[j]), bw - 6, H - 16 - y(ratios[j]));
    ctx.strokeStyle = "#c0262d";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x + 1, y(ref[j]));
    ctx.lineTo(x + bw - 1, y(ref[j]));
    ctx.stroke();
    ctx.fillStyle = "#5b6375";
    ctx.fillText(String(j + 1), x + bw / 2 - 3, H - 4);
  }
}

function drawAll(): void {
  drawData();
  drawEmbedding();
  drawSpectrum();
}

function fmt(v: number, digits = 4): string {
  return Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

/** Fit CIDM and SEC to the selected cloud, then redraw (and re-project the last click). */
function fitModel(): void {
  state.busy = true;
  state.error = null;
  setStatus("fitting CIDM…");
  // Let the status paint before the synchronous fit.
  setTimeout(() => {
    try {
      const t0 = performance.now();
      points = makeShape(state.dataset, {
        n: state.n,
        noise: state.noise,
        seed: 7,
        stroke: Float64Array.from(stroke),
      });
      model = cidm(points, { k: state.k, nEigs: N_EIGS });
      const t1 = performance.now();
      sec = secFields(model, { n1: 6, nFields: 4 });
      const t2 = performance.now();
      state.model = {
        eps: model.eps,
        intrinsicDim: model.intrinsicDim,
        fitMs: t1 - t0,
        secMs: t2 - t1,
      };
      state.eigenvalues = Array.from(model.xi);
      state.secMu = Array.from(sec.mu);
      const ratios = Array.from(model.xi.slice(1, 9), (x) => fmt(x / model!.xi[1], 2)).join(" ");
      ui.modelInfo.textContent =
        `N = ${points.rows}, k = ${state.k}, κ = ${model.kernelNeighbors}, ε = ${fmt(model.eps, 3)}, ` +
        `dimension ≈ ${fmt(model.intrinsicDim, 2)}\n` +
        `ξ_j/ξ_1, j = 1…8: ${ratios}\n` +
        `SEC energies μ: ${Array.from(sec.mu, (m) => fmt(m, 2)).join(" ")}\n` +
        `CIDM ${fmt(t1 - t0, 0)} ms, SEC ${fmt(t2 - t1, 0)} ms`;
      if (state.lastClick !== null) project(state.lastClick);
      else {
        projectedPhi = null;
        drawAll();
      }
      state.fitCount++;
      state.ready = true;
      setStatus(`fitted in ${fmt(t2 - t0, 0)} ms — click on the canvas`);
    } catch (e) {
      model = null;
      sec = null;
      fail(e);
      drawAll();
    } finally {
      state.busy = false;
    }
  }, 0);
}

/** Iterate the Nyström projection from the data point q and record the path. */
function project(q: [number, number]): void {
  if (model === null || sec === null) return;
  state.error = null;
  try {
    const t0 = performance.now();
    const path: [number, number][] = [q];
    let x = q;
    for (let t = 0; t < state.iterations; t++) {
      // The backend filters neighbour candidates of brute-force (high-dimensional) indexes;
      // this 2-D model uses a kd-tree, so the result is the same with or without it.
      const p = nystromProject(model, [x], { nEigs: state.L, backend: gpu ?? undefined });
      x = [p.points.data[0], p.points.data[1]];
      path.push(x);
    }
    state.projectMs = performance.now() - t0;
    state.lastClick = q;
    state.iterates = path;
    state.projected = x;
    projectedPhi = nystromExtend(model, [x], { nEigs: 3 }).data;
    try {
      const T = tangentBasis(sec, model, x, { dim: 1 }).T.data;
      state.tangent = [T[0], T[1]];
    } catch {
      state.tangent = null;
    }
    const r = (p: [number, number]) => Math.hypot(p[0], p[1]);
    const lines = [
      `click x₀ = (${fmt(q[0], 3)}, ${fmt(q[1], 3)})   ι applied ${state.iterations}× with L = ${state.L}   ${fmt(state.projectMs, 1)} ms`,
      ...path
        .slice(1)
        .map(
          (p, t) =>
            `x${t + 1} = (${fmt(p[0])}, ${fmt(p[1])})   |x${t + 1} − x${t}| = ${fmt(Math.hypot(p[0] - path[t][0], p[1] - path[t][1]), 6)}` +
            (state.dataset === "circle" || state.dataset === "warped-circle"
              ? `   |r − 1| = ${(Math.abs(r(p) - 1)).toExponential(2)}`
              : ""),
        ),
    ];
    let check = "";
    try {
      check = checkBackend(x);
    } catch (e) {
      check = `\nGPU check failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    ui.clickInfo.textContent = lines.join("\n") + check;
    state.clickCount++;
  } catch (e) {
    fail(e);
  }
  drawAll();
}

function readControls(): void {
  state.dataset = ui.dataset.value as ShapeName;
  state.n = Number(ui.n.value);
  state.noise = Number(ui.noise.value);
  state.k = Number(ui.k.value);
  state.L = Number(ui.L.value);
  state.iterations = Number(ui.iters.value);
  $<HTMLOutputElement>("n-out").textContent = String(state.n);
  $<HTMLOutputElement>("noise-out").textContent = state.noise.toFixed(2);
  $<HTMLOutputElement>("L-out").textContent = String(state.L);
  $<HTMLOutputElement>("iters-out").textContent = String(state.iterations);
  ui.about.textContent = SHAPES.find((s) => s.name === state.dataset)?.about ?? "";
}

function updateAngles(): void {
  const read = (p: "a" | "b"): Subspace3 => ({
    kind: $<HTMLSelectElement>(`${p}-kind`).value as Subspace3["kind"],
    azimuth: Number($<HTMLInputElement>(`${p}-az`).value),
    elevation: Number($<HTMLInputElement>(`${p}-el`).value),
  });
  const a = read("a");
  const b = read("b");
  const deg = (r: number) => (r * 180) / Math.PI;
  try {
    const lib = libraryAngles(a, b).map(deg);
    const exp = expectedAngles(a, b).map(deg);
    state.angles = { libraryDeg: lib, expectedDeg: exp };
    const diff = Math.max(...lib.map((v, i) => Math.abs(v - exp[i])));
    ui.anglesInfo.textContent =
      `principalAngles(A, B) = [${lib.map((v) => `${fmt(v, 3)}°`).join(", ")}]\n` +
      `closed form           = [${exp.map((v) => `${fmt(v, 3)}°`).join(", ")}]\n` +
      `largest difference    = ${diff.toExponential(1)}°`;
  } catch (e) {
    fail(e);
  }
  const { ctx, W, H } = context(ui.angles);
  drawSubspaces(ctx, W, H, a, b);
}

/**
 * Load the GPU backend lazily (its module and gpu.js are separate chunks) and report the kind
 * it picked; WebGPU, WebGL, gpu.js's WebAssembly mode and the float64 CPU path are tried in order.
 */
async function detectBackend(): Promise<void> {
  try {
    const { createBackend } = await import("../src/gpu/index.js");
    gpu = await createBackend({ prefer: ["webgpu", "webgl", "wasm", "cpu"] });
    state.backend = gpu.kind;
    ui.backend.textContent = `GPU backend: ${gpu.kind} (${gpu.engine}, ${gpu.precision})`;
    ui.backend.title = gpu.tried.map((t) => `${t.kind} skipped: ${t.reason}`).join("\n");
    if (state.projected !== null) project(state.lastClick ?? state.projected);
  } catch (e) {
    gpu = null;
    state.backend = "none";
    ui.backend.textContent = `GPU backend: none (${e instanceof Error ? e.message : String(e)}) — CPU path`;
  }
}

/**
 * Cross-check the backend on this click: the 1×N block of squared distances from the projected
 * point to the training points, against the exact float64 sums. The backend's stated bound is
 * |error| ≤ (4D + 32)·u·(|x'|² + |y'|²), x', y' centred at the training mean, u its unit
 * roundoff (2⁻²² for float32 kinds, 2⁻⁵³ for cpu).
 */
function checkBackend(x: [number, number]): string {
  if (gpu === null || points === null) return "";
  const t0 = performance.now();
  const S = gpu.sqDistBlock([x], points).data;
  const ms = performance.now() - t0;
  const N = points.rows;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < N; i++) {
    mx += points.data[2 * i] / N;
    my += points.data[2 * i + 1] / N;
  }
  let worst = 0;
  for (let i = 0; i < N; i++) {
    const a = points.data[2 * i];
    const b = points.data[2 * i + 1];
    const exact = (x[0] - a) ** 2 + (x[1] - b) ** 2;
    const size = (x[0] - mx) ** 2 + (x[1] - my) ** 2 + (a - mx) ** 2 + (b - my) ** 2;
    worst = Math.max(worst, Math.abs(S[i] - exact) / size);
  }
  const bound = (4 * 2 + 32) * gpu.unitRoundoff;
  state.gpuCheck = { kind: gpu.kind, ms, maxRelError: worst, bound };
  return `\n${gpu.kind} backend, squared distances to all ${N} points: ${fmt(ms, 1)} ms; error ${worst.toExponential(1)}·(|x′|² + |y′|²), bound (4D + 32)u = ${bound.toExponential(1)}`;
}

function wire(): void {
  for (const s of SHAPES) {
    const o = document.createElement("option");
    o.value = s.name;
    o.textContent = s.label;
    ui.dataset.append(o);
  }
  ui.dataset.value = state.dataset;
  ui.k.value = String(state.k);

  const refitOn = (el: HTMLElement, event: string) =>
    el.addEventListener(event, () => {
      readControls();
      if (state.dataset === "drawn" && stroke.length < 4) {
        model = null;
        drawAll();
        setStatus("press ✎ Draw and drag on the canvas to draw a curve");
        return;
      }
      fitModel();
    });
  refitOn(ui.dataset, "change");
  refitOn(ui.n, "change");
  refitOn(ui.noise, "change");
  refitOn(ui.k, "change");
  refitOn(ui.refit, "click");
  ui.n.addEventListener("input", readControls);
  ui.noise.addEventListener("input", readControls);
  for (const el of [ui.L, ui.iters]) {
    el.addEventListener("input", () => {
      readControls();
      if (state.lastClick !== null) project(state.lastClick);
    });
  }
  ui.colour.addEventListener("change", drawAll);
  ui.field.addEventListener("change", drawAll);

  ui.draw.addEventListener("click", () => {
    drawing = !drawing;
    ui.draw.classList.toggle("active", drawing);
    ui.draw.textContent = drawing ? "✎ Drawing… (drag)" : "✎ Draw";
    if (drawing) {
      stroke = [];
      state.lastClick = null;
      state.iterates = [];
      state.projected = null;
      state.tangent = null;
      projectedPhi = null;
      ui.clickInfo.textContent = "No click yet.";
      setStatus("drag on the canvas to draw a curve; release to fit");
    }
    drawAll();
  });
  ui.data.addEventListener("pointerdown", (ev) => {
    pointerDown = true;
    if (drawing) {
      stroke = [...toData(ev.offsetX, ev.offsetY)];
      ui.data.setPointerCapture(ev.pointerId);
    }
  });
  ui.data.addEventListener("pointermove", (ev) => {
    if (!drawing || !pointerDown) return;
    const [x, y] = toData(ev.offsetX, ev.offsetY);
    const L = stroke.length;
    if (Math.hypot(x - stroke[L - 2], y - stroke[L - 1]) > 0.01) {
      stroke.push(x, y);
      drawData();
    }
  });
  ui.data.addEventListener("pointerup", (ev) => {
    pointerDown = false;
    if (drawing) {
      drawing = false;
      ui.draw.classList.remove("active");
      ui.draw.textContent = "✎ Draw";
      ui.dataset.value = "drawn";
      readControls();
      if (stroke.length < 8) {
        setStatus("stroke too short: press ✎ Draw and drag further", true);
        return;
      }
      model = null;
      fitModel();
      return;
    }
    if (model === null || state.busy) return;
    project(toData(ev.offsetX, ev.offsetY));
  });

  for (const id of ["a-kind", "a-az", "a-el", "b-kind", "b-az", "b-el"]) {
    $(id).addEventListener("input", updateAngles);
  }
}

wire();
readControls();
updateAngles();
void detectBackend();
fitModel();
