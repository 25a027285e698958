/**
 * On-manifold projected gradient descent (GUIDE §5; the paper's Algorithm 1).
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { type NystromProjectOptions, nystromProject } from "../nystrom/index.js";
import { type TangentBasis, tangentBasis } from "../sec/index.js";
import type { SecFields } from "../sec/types.js";

/** A label returned by the classifier (compared with `!==`). */
export type PgdLabel = number | string;

/** Options of {@link onManifoldPGD}. */
export interface OnManifoldPGDOptions<L extends PgdLabel = PgdLabel> {
  /** The CIDM model of the class manifold. */
  model: CidmModel;
  /** SEC fields of `model` (from `secFields`). */
  sec: SecFields;
  /** Starting point x0 ∈ R^n (not modified). */
  x0: ArrayLike<number>;
  /** Its label y0 (default: `classify(x0)`). */
  label0?: L;
  /**
   * `g(x) = ∇ₓ ℒ(x, y0)`: the gradient of the classifier's loss for the label y0 (the walk ascends
   * it). Sync or async, so any network (tfjs, onnxruntime-web, a hand-written model) can be used.
   * Receives a fresh copy of x; must return n finite numbers.
   */
  gradient: (x: Float64Array) => ArrayLike<number> | Promise<ArrayLike<number>>;
  /** The classifier C(x), sync or async. Receives a fresh copy of x. */
  classify: (x: Float64Array) => L | Promise<L>;
  /** α, the step size (> 0). */
  stepSize: number;
  /** Budget of steps (default 100). */
  maxSteps?: number;
  /** Tangent dimension d (default as `tangentBasis`: the model's intrinsic dimension, rounded). */
  dim?: number;
  /** Relative singular-value tolerance of the tangent basis (default 1e-3). */
  tol?: number;
  /** Recompute the tangent basis at every iterate (default false: the paper found no difference). */
  recomputeBasis?: boolean;
  /**
   * Step along the unit projected gradient, `x ← x + α P g / |P g|` (default false: `x + α P g`,
   * as in Algorithm 1). The projected gradient is often orders of magnitude smaller than g.
   */
  normalize?: boolean;
  /** Options of the Nyström projection ι after each step (`nystromProject`; default one application with all M eigenfunctions). */
  projection?: NystromProjectOptions;
}

/** Result of {@link onManifoldPGD}. */
export interface OnManifoldPGDResult<L extends PgdLabel = PgdLabel> {
  /** The final iterate (on the learned manifold when steps > 0). */
  x: Float64Array;
  /** Steps taken. */
  steps: number;
  /** (steps + 1) × n: x0, then every projected iterate. */
  path: Matrix;
  /** The classifier's label at every point of the path (labels[0] = y0). */
  labels: L[];
  /** |P g| at every step (length steps). */
  projectedGradientNorms: Float64Array;
  /** True when the final label differs from y0. */
  labelChanged: boolean;
  /** Why the walk stopped: "label-changed", "max-steps", or "zero-gradient" (P g = 0). */
  stopReason: "label-changed" | "max-steps" | "zero-gradient";
  /** The tangent basis used for the last step (at ι(x0) unless recomputeBasis). */
  basis: TangentBasis;
}

function finiteVector(v: ArrayLike<number>, n: number, what: string, step: number): void {
  if (v === null || typeof v !== "object" || v.length !== n) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${what} returned ${v === null || typeof v !== "object" ? String(v) : `a vector of length ${v.length}`} at step ${step}; expected ${n} numbers.`,
      { step, expected: n },
    );
  }
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(v[t])) {
      throw new ManifoldError(
        "NON_FINITE",
        `${what} returned ${v[t]} at index ${t} (step ${step}); it must return finite numbers.`,
        { step, index: t, value: v[t] },
      );
    }
  }
}

/**
 * On-manifold PGD (Algorithm 1 of the paper, GUIDE §5): with T the SEC tangent basis at ι(x0)
 * and `P = T Tᵀ`, repeat
 * `x ← x + α P g(x)` (or `α P g / |P g|` with `normalize`), `x ← ι(x)` (Nyström projection),
 * until `C(x) ≠ y0` or `maxSteps` steps. The iterates stay on the learned manifold, so the
 * adversarial example found is an on-manifold one.
 *
 * Cost per step: one `gradient` and one `classify` call, O(n·d) for P g, one Nyström projection
 * (one kernel row, see `nystromProject`); plus one `tangentBasis` (Nyström extension of n2
 * eigenfunctions at one point and an n×m SVD) at the start, or at every step with
 * `recomputeBasis`. The O(N·L·n) projection table is rebuilt by every `nystromProject` call.
 * Memory O((maxSteps + 1)·n) for the path.
 *
 * @returns a Promise (callbacks may be async) of {@link OnManifoldPGDResult}.
 * @throws ManifoldError (as a rejected Promise) `INVALID_PARAMETER` (stepSize ≤ 0, maxSteps < 0,
 *   non-function callbacks), `DIMENSION_MISMATCH` / `NON_FINITE` (x0, or a callback's output),
 *   and the errors of `tangentBasis` and `nystromProject`.
 * @example
 * ```ts
 * import { cidm, circle, onManifoldPGD, secFields } from "manifold-geom";
 * const model = cidm(circle({ n: 100 }).points, { k: 10, nEigs: 12 });
 * const sec = secFields(model, { n1: 4, nFields: 2 });
 * // A toy classifier: "top" above y = 0.5. The gradient pushes straight up; the walk follows the
 * // circle instead of leaving it.
 * const res = await onManifoldPGD({
 *   model,
 *   sec,
 *   x0: [1, 0],
 *   gradient: () => [0, 1],
 *   classify: (x) => (x[1] > 0.5 ? "top" : "side"),
 *   stepSize: 0.1,
 *   dim: 1,
 * });
 * const onCircle = Math.abs(Math.hypot(res.x[0], res.x[1]) - 1) < 0.01;
 * console.log(res.labelChanged, res.stopReason, onCircle); // true label-changed true
 * ```
 */
export async function onManifoldPGD<L extends PgdLabel>(
  options: OnManifoldPGDOptions<L>,
): Promise<OnManifoldPGDResult<L>> {
  const { model, sec, gradient, classify } = options;
  if (typeof gradient !== "function" || typeof classify !== "function") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "gradient and classify must be functions (x: Float64Array) => value or Promise of value.",
    );
  }
  const alpha = options.stepSize;
  if (typeof alpha !== "number" || !(alpha > 0) || !Number.isFinite(alpha)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `stepSize must be a finite number > 0; got ${String(alpha)}.`,
      { name: "stepSize", value: alpha },
    );
  }
  const maxSteps = requireInt(options.maxSteps ?? 100, "maxSteps", 0);
  const n = model?.points?.cols;
  if (typeof n !== "number") {
    throw new ManifoldError("INVALID_PARAMETER", "model must be the object returned by cidm.");
  }
  finiteVector(options.x0, n, "x0", 0);
  const x0 = Float64Array.from(options.x0);
  const projOpts = options.projection ?? {};
  const project = (x: Float64Array): Float64Array =>
    nystromProject(model, [Array.from(x)], projOpts).points.data;
  const basisAt = (p: Float64Array): TangentBasis =>
    tangentBasis(sec, model, p, { dim: options.dim, tol: options.tol });

  const label0: L = options.label0 !== undefined ? options.label0 : await classify(x0.slice());
  let basis = basisAt(project(x0));
  const path: Float64Array[] = [x0];
  const labels: L[] = [label0];
  const norms: number[] = [];
  let x: Float64Array = x0;
  let label = label0;
  let stopReason: OnManifoldPGDResult["stopReason"] = "max-steps";
  for (let step = 1; step <= maxSteps; step++) {
    const g = await gradient(x.slice());
    finiteVector(g, n, "gradient", step);
    if (options.recomputeBasis && step > 1) basis = basisAt(x);
    const pg = basis.project(g);
    let norm = 0;
    for (let t = 0; t < n; t++) norm += pg[t] * pg[t];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      stopReason = "zero-gradient";
      break;
    }
    norms.push(norm);
    const a = options.normalize ? alpha / norm : alpha;
    const moved = new Float64Array(n);
    for (let t = 0; t < n; t++) moved[t] = x[t] + a * pg[t];
    x = project(moved);
    path.push(x);
    label = await classify(x.slice());
    labels.push(label);
    if (label !== label0) {
      stopReason = "label-changed";
      break;
    }
  }
  const steps = path.length - 1;
  const data = new Float64Array(path.length * n);
  for (let s = 0; s < path.length; s++) data.set(path[s], s * n);
  return {
    x: Float64Array.from(x),
    steps,
    path: { rows: path.length, cols: n, data },
    labels,
    projectedGradientNorms: Float64Array.from(norms),
    labelChanged: label !== label0,
    stopReason,
    basis,
  };
}
