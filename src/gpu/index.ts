/**
 * Dense kernel blocks on a GPU (GUIDE §8): `createBackend` picks the first available of
 * "webgpu", "webgl", "wasm" and "cpu" (in the caller's order) and returns a
 * {@link GpuBackend} that computes, for Q queries and N training points in R^D,
 *
 * - `sqDistBlock`: `S_ij = |x_i − y_j|² = Σ_d (x_id − y_jd)²` (Q×N), and
 * - `kernelBlock`: `K_ij = exp(−S_ij / (ε ρ(x_i) ρ(y_j)))` (Q×N),
 *
 * and that the core's neighbour searches and Nyström functions accept as `backend` (it is a
 * `DistanceBackend`). The core uses it only as a candidate filter with a proven margin and
 * re-ranks on exact float64 sums, so their results are identical with or without it.
 *
 * Kinds. "cpu": float64, exactly the core's arithmetic (the same left-to-right sums and the
 * same `exp(−s/(ε·(ρ_x·ρ_y)))`), needs nothing. "webgl": gpu.js on WebGL2/WebGL (browsers) or
 * headless-gl (Node, only when the optional `gl` package works). "wasm": gpu.js's WebAssembly
 * backend (float32 SIMD on the CPU). "webgpu": no WebGPU kernels ship in this version (an
 * untested shader is not shipped, and WebGPU's asynchronous read-back does not fit the
 * synchronous blocks and core searches); it is always reported unavailable with the reason.
 *
 * Float32 accuracy (kinds "webgl" and "wasm"). Inputs are centred by the training mean μ in
 * float64 and rounded to float32; with `u = 2⁻²²` (four float32 ulps per operation, since GPU
 * arithmetic need not be IEEE-exact) and `x' = x − μ`, `y' = y − μ`:
 * `|S̃_ij − S_ij| ≤ E_ij = (4D + 32)·u·(|x'_i|² + |y'_j|²) + (16D + 64)·2⁻¹²⁶`
 * (see {@link sqDistErrorBound}). gpu.js is loaded only inside `createBackend`, by a dynamic
 * `import("gpu.js")`; it is an optional peer dependency (`npm install gpu.js`).
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import { type Matrix, type MatrixInput, requireCols, toMatrix } from "../matrix/index.js";
import { exactSq } from "../neighbors/brute.js";
import type { DistanceBackend } from "../neighbors/types.js";
import { gaussKernel, sqDistKernel } from "./kernels.js";

/** A backend kind, in `createBackend`'s `prefer` order. */
export type BackendKind = "webgpu" | "webgl" | "wasm" | "cpu";

/** All kinds, in the default preference order. */
export const BACKEND_KINDS: readonly BackendKind[] = ["webgpu", "webgl", "wasm", "cpu"];

/** Unit roundoff declared by the float32 kinds: four float32 ulps (2⁻²²). */
export const FLOAT32_UNIT_ROUNDOFF = 2 ** -22;

/** Unit roundoff of the float64 ("cpu") kind. */
export const FLOAT64_UNIT_ROUNDOFF = 2 ** -53;

/** Parameters of {@link GpuBackend.kernelBlock}. */
export interface KernelBlockParams {
  /** ε > 0, the kernel bandwidth. */
  eps: number;
  /** ρ of each query row (length Q, finite, > 0). */
  rhoQueries: ArrayLike<number>;
  /** ρ of each training row (length N, finite, > 0). */
  rhoTraining: ArrayLike<number>;
}

/** Why a preferred kind was not selected. */
export interface SkippedKind {
  /** The kind that was tried and skipped. */
  readonly kind: BackendKind;
  /**
   * Why, in words: e.g. no `navigator.gpu` (webgpu), gpu.js missing (with the `npm install`
   * line), no WebGL context, or a failed self-check block.
   */
  readonly reason: string;
}

/**
 * A kernel-block backend (plain object with methods; holds device resources until
 * {@link GpuBackend.dispose}).
 */
export interface GpuBackend extends DistanceBackend {
  /** The kind actually selected. */
  readonly kind: BackendKind;
  /** The arithmetic of its blocks. */
  readonly precision: "float64" | "float32";
  /** Bound on the relative error of each operation: 2⁻⁵³ (float64) or 2⁻²² (float32). */
  readonly unitRoundoff: number;
  /** What runs underneath: "js" for cpu, else the gpu.js mode ("webgl2", "webgl", "headlessgl", "webasm"). */
  readonly engine: string;
  /** The preferred kinds tried before this one, each with the reason it was skipped. */
  readonly tried: readonly SkippedKind[];
  /**
   * Q×N squared distances `S_ij = Σ_d (x_id − y_jd)²`. "cpu": exactly the core's float64
   * sums on the given coordinates. Float32 kinds: within {@link sqDistErrorBound}.
   * Cost 3·Q·N·D flops, Q·N memory.
   * @throws ManifoldError `EMPTY_INPUT` / `RAGGED_INPUT` / `NON_FINITE` (inputs),
   *   `DIMENSION_MISMATCH` (different column counts), `BACKEND_UNAVAILABLE` (after dispose).
   */
  sqDistBlock(queries: MatrixInput, training: MatrixInput): Matrix;
  /**
   * Q×N kernel values `K_ij = exp(−S_ij / (ε·(ρ_i·ρ_j)))` (GUIDE §2). "cpu": bit-identical to
   * the core's `exp(−d²/(ε·(ρ_x·ρ_y)))` on exact float64 sums. Float32 kinds: see
   * {@link kernelErrorBound}. Cost (3D + 4)·Q·N flops and Q·N exponentials.
   * @throws ManifoldError as {@link GpuBackend.sqDistBlock}, and `INVALID_PARAMETER` for ε or
   *   ρ not finite and positive or ρ of the wrong length.
   */
  kernelBlock(queries: MatrixInput, training: MatrixInput, params: KernelBlockParams): Matrix;
  /** Release the device resources; any later call throws `BACKEND_UNAVAILABLE`. Idempotent. */
  dispose(): void;
}

/** Options of {@link createBackend}. */
export interface CreateBackendOptions {
  /** Kinds to try, in order (default {@link BACKEND_KINDS}: webgpu, webgl, wasm, cpu). */
  prefer?: readonly BackendKind[];
  /**
   * How to load gpu.js (default `() => import("gpu.js")`); for bundlers that need an explicit
   * module, and for tests. Must resolve to the module namespace (with `GPU`).
   */
  loadGpuJs?: () => Promise<unknown>;
}

/**
 * The float32 bound on one squared distance: `E = (4D + 32)·u·(|x'|² + |y'|²) + (16D + 64)·2⁻¹²⁶`
 * with u the backend's unit roundoff and x', y' the rows centred by the training mean.
 * Derivation: rounding the inputs costs u·|x'_d| per coordinate, the difference and the square
 * each a factor (1 + u), so one term `e_d²` is within about 15u·(x'_d² + y'_d²) of
 * `(x'_d − y'_d)²`; the left-to-right sum of D non-negative terms adds a relative γ_{D−1} of a
 * total at most 2.1·(|x'|² + |y'|²); the absolute term covers inputs and intermediates
 * flushed to zero below 2⁻¹²⁶. Altogether ≤ (2D + 14)·u·(|x'|² + |y'|²) + …, so the constant
 * 4D + 32 leaves a factor 2 on top of u = four float32 ulps. The norm form
 * `|x'|² + |y'|² − 2x'·y'` obeys the same bound.
 *
 * Cost O(1) (a few flops). Never throws: plain arithmetic, and a NaN or negative argument
 * gives a meaningless number, not an error (callers pass validated sizes and norms).
 *
 * @param D - the dimension (columns).
 * @param u - unit roundoff of the arithmetic ({@link FLOAT32_UNIT_ROUNDOFF} for the float32 kinds).
 * @param sqNormX - |x'|², the squared norm of the centred query row.
 * @param sqNormY - |y'|², the squared norm of the centred training row.
 * @returns E ≥ |S̃ − S|, the bound on the error of one computed squared distance.
 * @example
 * ```ts
 * import { FLOAT32_UNIT_ROUNDOFF, sqDistErrorBound } from "manifold-geom/gpu";
 *
 * // Rows already centred (μ = 0). The exact float64 sum, and a float32 one: every input,
 * // difference, square and partial sum rounded to float32 with Math.fround.
 * const x = [0.1, -0.7, 0.3];
 * const y = [0.5, 0.2, -0.4];
 * let s = 0;
 * let s32 = 0;
 * for (let d = 0; d < 3; d++) {
 *   s += (x[d] - y[d]) ** 2;
 *   const e = Math.fround(Math.fround(x[d]) - Math.fround(y[d]));
 *   s32 = Math.fround(s32 + Math.fround(e * e));
 * }
 * const sq = (v: number[]) => v.reduce((a, b) => a + b * b, 0);
 * const E = sqDistErrorBound(3, FLOAT32_UNIT_ROUNDOFF, sq(x), sq(y)); // 44·2⁻²²·1.04 + 112·2⁻¹²⁶
 * console.log(E.toExponential(3), Math.abs(s32 - s) <= E); // "1.091e-5" true
 * ```
 */
export function sqDistErrorBound(D: number, u: number, sqNormX: number, sqNormY: number): number {
  return (4 * D + 32) * u * (sqNormX + sqNormY) + (16 * D + 64) * 2 ** -126;
}

/**
 * The float32 bound on one kernel value: with E from {@link sqDistErrorBound},
 * `δ² = S/(ερ_xρ_y)` and `Δ = E/(ερ_xρ_y) + (16 + 8δ²)·u` (the division, product and exp
 * each err by a few ulps of their argument), `|K̃ − K| ≤ K·(e^Δ − 1) + 2⁻¹²⁰`.
 *
 * Cost O(1) (one `expm1`). Never throws: plain arithmetic, like {@link sqDistErrorBound}.
 *
 * @param K - the exact kernel value exp(−δ²).
 * @param E - the squared-distance bound from {@link sqDistErrorBound}.
 * @param delta2 - δ² = S/(ε ρ_x ρ_y).
 * @param scale - ε ρ_x ρ_y.
 * @param u - unit roundoff of the arithmetic.
 * @returns the bound on |K̃ − K| for one computed kernel value.
 * @example
 * ```ts
 * import { FLOAT32_UNIT_ROUNDOFF, kernelErrorBound, sqDistErrorBound } from "manifold-geom/gpu";
 *
 * // x = (0.3, 0.4), y = 0 (centred rows), ε = 0.5, ρ_x = ρ_y = 1: S = 0.25, δ² = 0.5.
 * const u = FLOAT32_UNIT_ROUNDOFF;
 * const [S, scale] = [0.25, 0.5];
 * const K = Math.exp(-S / scale);
 * const E = sqDistErrorBound(2, u, S, 0);
 * const bound = kernelErrorBound(K, E, S / scale, scale, u);
 * // A float32 evaluation: the sum, the division and exp each rounded with Math.fround.
 * const s32 = Math.fround(Math.fround(Math.fround(0.3) ** 2) + Math.fround(Math.fround(0.4) ** 2));
 * const K32 = Math.fround(Math.exp(-Math.fround(s32 / scale)));
 * console.log(bound.toExponential(2), Math.abs(K32 - K) <= bound); // "5.78e-6" true
 * ```
 */
export function kernelErrorBound(K: number, E: number, delta2: number, scale: number, u: number) {
  const arg = E / scale + (16 + 8 * delta2) * u;
  return K * Math.expm1(arg) + 2 ** -120;
}

function unavailable(message: string, details?: Record<string, unknown>): ManifoldError {
  return new ManifoldError("BACKEND_UNAVAILABLE", message, details);
}

function checkPrefer(prefer: unknown): BackendKind[] {
  if (prefer === undefined) return [...BACKEND_KINDS];
  if (!Array.isArray(prefer) || prefer.length === 0) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `prefer must be a non-empty array of backend kinds (${BACKEND_KINDS.join(", ")}); got ${JSON.stringify(prefer)}.`,
      { name: "prefer", value: prefer },
    );
  }
  for (const k of prefer) {
    if (!BACKEND_KINDS.includes(k as BackendKind)) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `unknown backend kind ${JSON.stringify(k)}; use one of ${BACKEND_KINDS.map((s) => `"${s}"`).join(", ")}.`,
        { name: "prefer", value: k },
      );
    }
  }
  return prefer as BackendKind[];
}

/** Validated inputs of a block. */
function blockInputs(queries: MatrixInput, training: MatrixInput): { X: Matrix; Y: Matrix } {
  const X = toMatrix(queries, "queries");
  const Y = toMatrix(training, "training");
  requireCols(X, Y.cols, "queries", "the training points");
  return { X, Y };
}

function positiveArray(v: unknown, n: number, name: string): Float64Array {
  const ok =
    v !== null &&
    typeof v === "object" &&
    typeof (v as ArrayLike<number>).length === "number" &&
    (v as ArrayLike<number>).length === n;
  if (!ok) {
    throw new ManifoldError("INVALID_PARAMETER", `${name} must have one entry per row (${n}).`, {
      name,
      expected: n,
    });
  }
  const a = Float64Array.from(v as ArrayLike<number>);
  for (let i = 0; i < n; i++) {
    if (!(Number.isFinite(a[i]) && a[i] > 0)) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `${name}[${i}] = ${a[i]}; every bandwidth must be finite and > 0.`,
        { name, index: i, value: a[i] },
      );
    }
  }
  return a;
}

function kernelParams(p: KernelBlockParams | undefined, Q: number, N: number) {
  const eps = p?.eps;
  if (typeof eps !== "number" || !Number.isFinite(eps) || !(eps > 0)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `eps must be a finite number > 0; got ${String(eps)}.`,
      { name: "eps", value: eps },
    );
  }
  return {
    eps,
    rq: positiveArray(p?.rhoQueries, Q, "rhoQueries"),
    rt: positiveArray(p?.rhoTraining, N, "rhoTraining"),
  };
}

/**
 * One row of exact squared distances, `out[o + j] = Σ_d (a_d − b_jd)²` summed left to right
 * (the core's arithmetic: `exactSq` of src/neighbors/brute.ts).
 * Cost 3·N·D flops.
 */
function exactRow(
  A: Float64Array,
  ao: number,
  B: Float64Array,
  rowsB: number,
  D: number,
  out: Float64Array,
  o: number,
): void {
  for (let j = 0; j < rowsB; j++) out[o + j] = exactSq(A, ao, B, j * D, D);
}

/** How a block is computed by a concrete engine (internal). */
interface Engine {
  readonly kind: BackendKind;
  readonly precision: "float64" | "float32";
  readonly unitRoundoff: number;
  readonly engine: string;
  /** Q×N squared distances of flat rows (row-major); `wide`: float64 output wanted. */
  sq(
    A: Float64Array,
    rowsA: number,
    B: Float64Array,
    rowsB: number,
    D: number,
    wide: boolean,
  ): Float64Array | Float32Array;
  /** Q×N kernel values. */
  gauss(
    A: Float64Array,
    rowsA: number,
    B: Float64Array,
    rowsB: number,
    D: number,
    rq: Float64Array,
    rt: Float64Array,
    eps: number,
  ): Float64Array | Float32Array;
  /** Whether sqDistBlock/kernelBlock should centre the rows first. */
  readonly centre: boolean;
  destroy(): void;
}

const cpuEngine: Engine = {
  kind: "cpu",
  precision: "float64",
  unitRoundoff: FLOAT64_UNIT_ROUNDOFF,
  engine: "js",
  centre: false,
  sq(A, rowsA, B, rowsB, D) {
    const out = new Float64Array(rowsA * rowsB);
    for (let i = 0; i < rowsA; i++) exactRow(A, i * D, B, rowsB, D, out, i * rowsB);
    return out;
  },
  gauss(A, rowsA, B, rowsB, D, rq, rt, eps) {
    const out = new Float64Array(rowsA * rowsB);
    for (let i = 0; i < rowsA; i++) {
      const o = i * rowsB;
      exactRow(A, i * D, B, rowsB, D, out, o);
      const ri = rq[i];
      for (let j = 0; j < rowsB; j++) out[o + j] = Math.exp(-out[o + j] / (eps * (ri * rt[j])));
    }
    return out;
  },
  destroy() {},
};

/** The slice of gpu.js used here (structural, so gpu.js's types are not needed). */
interface GpuJsKernel {
  (...args: unknown[]): unknown;
  setOutput(output: number[]): GpuJsKernel;
  destroy?(removeCanvasReferences?: boolean): void;
}
interface GpuJsInstance {
  readonly mode: string;
  createKernel(fn: (...args: never[]) => number, settings: Record<string, unknown>): GpuJsKernel;
  destroy(): unknown;
}
interface GpuJsModule {
  GPU: {
    new (settings: { mode: string }): GpuJsInstance;
    readonly isWebGL2Supported?: boolean;
    readonly isWebGLSupported?: boolean;
    readonly isHeadlessGLSupported?: boolean;
    readonly isWebAssemblySupported?: boolean;
  };
}

/** Largest training rows per kernel call (the output width; within every WebGL texture limit). */
const CHUNK_COLS = 4096;
/** Largest query rows per kernel call. */
const CHUNK_ROWS = 1024;

/** Copy a kernel result (rows of Float32Array, or one flat array) into out at (r0, c0). */
function scatter(
  res: unknown,
  rows: number,
  cols: number,
  out: Float32Array | Float64Array,
  ld: number,
  r0: number,
  c0: number,
): void {
  if (ArrayBuffer.isView(res) && !Array.isArray(res)) {
    const flat = res as Float32Array;
    for (let i = 0; i < rows; i++) {
      out.set(flat.subarray(i * cols, (i + 1) * cols), (r0 + i) * ld + c0);
    }
    return;
  }
  const list = res as ArrayLike<ArrayLike<number>>;
  for (let i = 0; i < rows; i++) {
    const row = list[i];
    const o = (r0 + i) * ld + c0;
    if (row instanceof Float32Array) out.set(row.subarray(0, cols), o);
    else for (let j = 0; j < cols; j++) out[o + j] = row[j];
  }
}

/** A gpu.js engine in `mode` (one compiled kernel per operation and dimension, built lazily). */
function gpuJsEngine(mod: GpuJsModule, kind: BackendKind, mode: string): Engine {
  const gpu = new mod.GPU({ mode });
  const kernels = new Map<string, GpuJsKernel>();
  const kernelFor = (op: "sq" | "gauss", D: number): GpuJsKernel => {
    const key = `${op}:${D}`;
    let k = kernels.get(key);
    if (k === undefined) {
      const fn = (op === "sq" ? sqDistKernel : gaussKernel) as (...args: never[]) => number;
      k = gpu.createKernel(fn, {
        constants: { D },
        dynamicOutput: true,
        dynamicArguments: true,
        precision: "single",
        tactic: "precision",
        output: [1, 1],
      });
      kernels.set(key, k);
    }
    return k;
  };
  const run = (
    op: "sq" | "gauss",
    A: Float64Array,
    rowsA: number,
    B: Float64Array,
    rowsB: number,
    D: number,
    extra: (r0: number, r1: number, c0: number, c1: number) => unknown[],
    wide: boolean,
  ): Float32Array | Float64Array => {
    // Blocks for users come back as float64 (written once, no second copy); core tiles as float32.
    const out = wide ? new Float64Array(rowsA * rowsB) : new Float32Array(rowsA * rowsB);
    const k = kernelFor(op, D);
    const a32 = Float32Array.from(A.subarray(0, rowsA * D));
    const b32 = Float32Array.from(B.subarray(0, rowsB * D));
    for (let c0 = 0; c0 < rowsB; c0 += CHUNK_COLS) {
      const c1 = Math.min(rowsB, c0 + CHUNK_COLS);
      const bChunk = b32.subarray(c0 * D, c1 * D);
      for (let r0 = 0; r0 < rowsA; r0 += CHUNK_ROWS) {
        const r1 = Math.min(rowsA, r0 + CHUNK_ROWS);
        k.setOutput([c1 - c0, r1 - r0]);
        const res = k(a32.subarray(r0 * D, r1 * D), bChunk, ...extra(r0, r1, c0, c1));
        scatter(res, r1 - r0, c1 - c0, out, rowsB, r0, c0);
      }
    }
    return out;
  };
  return {
    kind,
    precision: "float32",
    unitRoundoff: FLOAT32_UNIT_ROUNDOFF,
    engine: gpu.mode,
    centre: true,
    sq: (A, rowsA, B, rowsB, D, wide) => run("sq", A, rowsA, B, rowsB, D, () => [], wide),
    gauss: (A, rowsA, B, rowsB, D, rq, rt, eps) => {
      const rq32 = Float32Array.from(rq);
      const rt32 = Float32Array.from(rt);
      const e32 = new Float32Array([eps]);
      return run(
        "gauss",
        A,
        rowsA,
        B,
        rowsB,
        D,
        (r0, r1, c0, c1) => [rq32.subarray(r0, r1), rt32.subarray(c0, c1), e32],
        true,
      );
    },
    destroy() {
      for (const k of kernels.values()) k.destroy?.();
      kernels.clear();
      try {
        const p = gpu.destroy();
        if (p instanceof Promise) p.catch(() => {});
      } catch {
        // already gone
      }
    },
  };
}

/** Column means of Y and centred copies of X and Y (float64). Cost O((Q + N)·D). */
function centred(X: Matrix, Y: Matrix) {
  const D = Y.cols;
  const mu = new Float64Array(D);
  for (let j = 0; j < Y.rows; j++) for (let d = 0; d < D; d++) mu[d] += Y.data[j * D + d];
  for (let d = 0; d < D; d++) mu[d] /= Y.rows;
  const sub = (M: Matrix) => {
    const C = new Float64Array(M.rows * D);
    for (let i = 0; i < M.rows; i++)
      for (let d = 0; d < D; d++) C[i * D + d] = M.data[i * D + d] - mu[d];
    return C;
  };
  return { A: sub(X), B: sub(Y) };
}

/** Wrap an engine into the public backend object. */
function wrap(engine: Engine, tried: SkippedKind[]): GpuBackend {
  let live = true;
  const alive = () => {
    if (!live) {
      throw unavailable(
        `this "${engine.kind}" backend was disposed; create a new one with createBackend().`,
        { kind: engine.kind },
      );
    }
  };
  const operands = (X: Matrix, Y: Matrix) =>
    engine.centre ? centred(X, Y) : { A: X.data, B: Y.data };
  return {
    kind: engine.kind,
    precision: engine.precision,
    unitRoundoff: engine.unitRoundoff,
    engine: engine.engine,
    tried,
    sqDistTile(A, rowsA, B, rowsB, cols) {
      alive();
      return engine.sq(A, rowsA, B, rowsB, cols, false);
    },
    sqDistBlock(queries, training) {
      alive();
      const { X, Y } = blockInputs(queries, training);
      const { A, B } = operands(X, Y);
      const S = engine.sq(A, X.rows, B, Y.rows, Y.cols, true);
      return {
        rows: X.rows,
        cols: Y.rows,
        data: S instanceof Float64Array ? S : Float64Array.from(S),
      };
    },
    kernelBlock(queries, training, params) {
      alive();
      const { X, Y } = blockInputs(queries, training);
      const { eps, rq, rt } = kernelParams(params, X.rows, Y.rows);
      const { A, B } = operands(X, Y);
      const K = engine.gauss(A, X.rows, B, Y.rows, Y.cols, rq, rt, eps);
      return {
        rows: X.rows,
        cols: Y.rows,
        data: K instanceof Float64Array ? K : Float64Array.from(K),
      };
    },
    dispose() {
      if (!live) return;
      live = false;
      engine.destroy();
    },
  };
}

/**
 * Check a fresh engine on a small block against the float64 sums (within the float32 bound);
 * returns the reason it failed, or null.
 */
function selfCheck(engine: Engine): string | null {
  const D = 5;
  const R = 3;
  const C = 7;
  const A = new Float64Array(R * D);
  const B = new Float64Array(C * D);
  for (let t = 0; t < A.length; t++) A[t] = Math.sin(1.7 * t + 0.3);
  for (let t = 0; t < B.length; t++) B[t] = Math.cos(0.9 * t + 0.1);
  let S: ArrayLike<number>;
  try {
    S = engine.sq(A, R, B, C, D, false);
  } catch (e) {
    return `its kernel failed to run: ${(e as Error).message}`;
  }
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const s = exactSq(A, i * D, B, j * D, D);
      const tol = sqDistErrorBound(D, engine.unitRoundoff, 25, 25);
      if (!(Math.abs(S[i * C + j] - s) <= tol)) {
        return `its self-check block differs from the float64 sums (${S[i * C + j]} vs ${s})`;
      }
    }
  }
  return null;
}

/** gpu.js modes for a kind in this runtime, best first, or the reason there are none. */
function gpuJsModes(mod: GpuJsModule, kind: "webgl" | "wasm"): { modes: string[]; reason: string } {
  const G = mod.GPU;
  if (kind === "wasm") {
    return G.isWebAssemblySupported
      ? { modes: ["webasm"], reason: "" }
      : { modes: [], reason: "gpu.js reports no WebAssembly support in this runtime" };
  }
  const modes: string[] = [];
  if (G.isWebGL2Supported) modes.push("webgl2");
  if (G.isWebGLSupported) modes.push("webgl");
  if (G.isHeadlessGLSupported) modes.push("headlessgl");
  const browser = typeof document !== "undefined";
  return {
    modes,
    reason: browser
      ? "gpu.js found no WebGL2 or WebGL context in this browser"
      : "gpu.js found no WebGL in Node: that needs its optional headless-gl package (`gl`, compiled natively) and a display (e.g. Xvfb)",
  };
}

/**
 * Why "webgpu" is skipped: no `navigator.gpu`, no adapter (asked with a 2 s limit), or an
 * adapter but no WebGPU kernels in this version (no untested WGSL is shipped).
 */
async function webGpuReason(): Promise<string> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter?: () => Promise<unknown> } } })
    .navigator?.gpu;
  if (gpu === undefined || typeof gpu.requestAdapter !== "function") {
    return "WebGPU is not available in this runtime (navigator.gpu is undefined)";
  }
  let adapter: unknown = null;
  try {
    adapter = await Promise.race([
      gpu.requestAdapter(),
      new Promise((ok) => setTimeout(() => ok(null), 2000)),
    ]);
  } catch {
    adapter = null;
  }
  return adapter === null || adapter === undefined
    ? "navigator.gpu exists but requestAdapter() gave no adapter (no WebGPU device here)"
    : "a WebGPU adapter exists, but WebGPU reads results back asynchronously (mapAsync) while these blocks and the core's searches are synchronous, so this version ships no WebGPU kernels; use webgl or wasm";
}

async function defaultLoad(): Promise<unknown> {
  return import("gpu.js");
}

/**
 * Create a kernel-block backend: try the kinds of `prefer` in order and return the first that
 * works, reporting it in `kind` (never silently) and the skipped ones with their reasons in
 * `tried`. Kinds "webgl" and "wasm" load gpu.js by a dynamic import (only here, never at
 * import time) and must pass a small self-check block before they are chosen.
 *
 * Cost: loading and initialising gpu.js (tens of ms); kernels compile on first use per
 * dimension.
 *
 * @example
 * ```ts
 * import { createBackend } from "manifold-geom/gpu";
 *
 * // In a browser put "webgl" (or "wasm") first; here "webgpu" is skipped (no WebGPU kernels
 * // ship) and reported with its reason, and the float64 "cpu" kind is chosen.
 * const backend = await createBackend({ prefer: ["webgpu", "cpu"] });
 * console.log(backend.kind, backend.tried.map((t) => t.kind)); // cpu [ 'webgpu' ]
 * const S = backend.sqDistBlock([[0, 0]], [[3, 4], [1, 0]]); // 1×2: |(3, 4)|² and |(1, 0)|²
 * console.log(Array.from(S.data)); // [ 25, 1 ]
 * backend.dispose();
 * ```
 * @throws ManifoldError `INVALID_PARAMETER` (prefer empty, not an array, or with an unknown
 *   kind); `BACKEND_UNAVAILABLE` when no preferred kind is available, its message listing each
 *   kind's reason (a missing gpu.js names `npm install gpu.js`).
 */
export async function createBackend(options: CreateBackendOptions = {}): Promise<GpuBackend> {
  const prefer = checkPrefer(options.prefer);
  const load = options.loadGpuJs ?? defaultLoad;
  const tried: SkippedKind[] = [];
  let mod: GpuJsModule | null = null;
  let loadError: string | null = null;
  for (const kind of prefer) {
    if (kind === "cpu") return wrap(cpuEngine, tried);
    if (kind === "webgpu") {
      tried.push({ kind, reason: await webGpuReason() });
      continue;
    }
    if (mod === null && loadError === null) {
      try {
        const m = (await load()) as Partial<GpuJsModule> & { default?: Partial<GpuJsModule> };
        const G = m.GPU ?? m.default?.GPU;
        if (typeof G !== "function") throw new Error("the module has no GPU export");
        mod = { GPU: G };
      } catch (e) {
        loadError = `gpu.js could not be loaded (${(e as Error).message}); install it with \`npm install gpu.js\``;
      }
    }
    if (mod === null) {
      tried.push({ kind, reason: loadError as string });
      continue;
    }
    const { modes, reason } = gpuJsModes(mod, kind);
    let chosen: Engine | null = null;
    const failures: string[] = [];
    for (const mode of modes) {
      let engine: Engine | null = null;
      try {
        engine = gpuJsEngine(mod, kind, mode);
        const bad = selfCheck(engine);
        if (bad === null && engine.engine === mode) {
          chosen = engine;
          break;
        }
        failures.push(`gpu.js mode ${mode}: ${bad ?? `it ran as "${engine.engine}" instead`}`);
      } catch (e) {
        failures.push(`gpu.js mode ${mode}: ${(e as Error).message}`);
      }
      engine?.destroy();
    }
    if (chosen !== null) return wrap(chosen, tried);
    tried.push({ kind, reason: modes.length === 0 ? reason : failures.join("; ") });
  }
  throw unavailable(
    `no preferred backend is available: ${tried.map((t) => `${t.kind}: ${t.reason}`).join("; ")}. Add "cpu" to prefer for the float64 CPU path.`,
    { tried },
  );
}
