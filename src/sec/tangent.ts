/**
 * Tangent bases from SEC vector fields (GUIDE §4): the leading fields at a point span the
 * tangent space there (Whitney: about 2·d fields for a d-manifold).
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import { svd } from "../linalg/index.js";
import type { Matrix } from "../matrix/index.js";
import { evaluateFields, liveSec } from "./fields.js";
import type { SecFields } from "./types.js";

/** Options of {@link tangentBasis}. */
export interface TangentBasisOptions {
  /**
   * d, the number of basis vectors (default: the model's `intrinsicDim` rounded, at least 1, when
   * it is a finite number; otherwise the numerical rank of the field values at tol).
   */
  dim?: number;
  /**
   * Relative singular-value tolerance (default 1e-3): a direction is kept only when its
   * singular value exceeds tol·s_max; asking for more than that many is `RANK_DEFICIENT`.
   */
  tol?: number;
  /** How many leading fields to evaluate (default min(sec.nFields, 2·dim), all when dim is unknown). */
  nFields?: number;
  /** λ_min of the Nyström extension (default 1e-3). */
  lambdaMin?: number;
}

/** Result of {@link tangentBasis}. */
export interface TangentBasis {
  /** n×dim, orthonormal columns: the leading left singular vectors of the field values at x. */
  T: Matrix;
  /** Singular values of the n×m matrix of field values at x (descending). */
  singularValues: Float64Array;
  /** The number of fields evaluated. */
  fieldsUsed: number;
  /** `P g = T (Tᵀ g)`: the orthogonal projection of g ∈ R^n onto the tangent space. O(n·dim). */
  project(g: ArrayLike<number>): Float64Array;
}

/**
 * `P g = T (Tᵀ g)` for an n×d T with orthonormal columns, without forming the n×n projector.
 * Cost 4·n·d flops, O(n) memory.
 * @throws ManifoldError `DIMENSION_MISMATCH` (g's length ≠ n), `NON_FINITE`.
 * @example
 * ```ts
 * import { projectOnto } from "manifold-geom";
 * // T spans the line x = y of R²: P g = ((g₁ + g₂)/2, (g₁ + g₂)/2).
 * const T = { rows: 2, cols: 1, data: Float64Array.of(Math.SQRT1_2, Math.SQRT1_2) };
 * console.log(projectOnto(T, [3, 1]).map((v) => +v.toFixed(12))); // Float64Array(2) [ 2, 2 ]
 * ```
 */
export function projectOnto(T: Matrix, g: ArrayLike<number>): Float64Array {
  const { rows: n, cols: d, data } = T;
  if (g.length !== n) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `vector to project has length ${g.length} but the tangent basis lives in R^${n}.`,
      { got: g.length, expected: n },
    );
  }
  const coef = new Float64Array(d);
  for (let t = 0; t < n; t++) {
    const v = g[t];
    if (!Number.isFinite(v)) {
      throw new ManifoldError("NON_FINITE", `vector to project has ${v} at index ${t}.`, {
        index: t,
        value: v,
      });
    }
    for (let c = 0; c < d; c++) coef[c] += data[t * d + c] * v;
  }
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += data[t * d + c] * coef[c];
    out[t] = s;
  }
  return out;
}

/**
 * Orthonormal tangent basis at x from the leading SEC fields (GUIDE §4): evaluate the first m
 * fields at x (Nyström), form the n×m matrix V of their ambient values, take its thin SVD
 * `V = U S Wᵀ`, and keep the first d left singular vectors, `T = U[:, :d]`; the projector is
 * `P = T Tᵀ`, applied as `P g = T (Tᵀ g)` (never formed).
 *
 * Cost: {@link evaluateFields} at one point, then the SVD of an n×m matrix (O(n·m²)); memory
 * O(n·m).
 *
 * @param sec - from `secFields` on `model`.
 * @param model - the CIDM model.
 * @param x - the point (length n); use a point on the manifold (e.g. `nystromProject` output).
 * @throws ManifoldError `INVALID_PARAMETER` (dim > fields evaluated or > n, bad tol/nFields),
 *   `RANK_DEFICIENT` (the fields vanish at x, or fewer than dim singular values exceed
 *   tol·s_max), plus the errors of {@link evaluateFields}.
 * @example
 * ```ts
 * import { cidm, circle, secFields, tangentBasis } from "manifold-geom";
 * const model = cidm(circle({ n: 100 }).points, { k: 10, nEigs: 12 });
 * const sec = secFields(model, { n1: 4, nFields: 2 });
 * // At (1, 0) the circle's tangent line is the y-axis: the gradient (3, 4) projects to ≈ (0, 4).
 * const { project } = tangentBasis(sec, model, [1, 0], { dim: 1 });
 * const step = project([3, 4]); // tangential part of the gradient
 * console.log(Math.abs(step[0]) < 0.01, Math.abs(step[1] - 4) < 0.01); // true true
 * ```
 */
export function tangentBasis(
  sec: SecFields,
  model: CidmModel,
  x: ArrayLike<number>,
  options: TangentBasisOptions = {},
): TangentBasis {
  const s = liveSec(sec);
  const n = s.ambientDim;
  const tol = options.tol ?? 1e-3;
  if (typeof tol !== "number" || !(tol >= 0 && tol < 1)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `tol must be a number in [0, 1) (default 1e-3); got ${String(tol)}.`,
      { name: "tol", value: tol },
    );
  }
  let dim: number | undefined;
  if (options.dim !== undefined) dim = requireInt(options.dim, "dim", 1);
  else {
    const d = (model as Partial<CidmModel> | null)?.intrinsicDim;
    if (typeof d === "number" && Number.isFinite(d)) dim = Math.max(1, Math.round(d));
  }
  const m = requireInt(
    options.nFields ?? (dim === undefined ? s.nFields : Math.min(s.nFields, 2 * dim)),
    "nFields",
    1,
    s.nFields,
  );
  if (dim !== undefined && (dim > m || dim > n)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `dim = ${dim} exceeds the ${dim > n ? `ambient dimension ${n}` : `number of fields evaluated (${m})`}; a basis of d vectors needs at least d fields (compute more with secFields({ nFields }) or pass nFields).`,
      { dim, fields: m, ambientDim: n },
    );
  }
  if (x.length !== n) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `x has length ${x.length} but the fields live in R^${n}.`,
      { got: x.length, expected: n },
    );
  }
  const vals = evaluateFields(s, model, [Array.from(x)], {
    nFields: m,
    lambdaMin: options.lambdaMin,
  });
  // V (n×m): column k = field k at x.
  const V = new Float64Array(n * m);
  for (let k = 0; k < m; k++) for (let t = 0; t < n; t++) V[t * m + k] = vals[k * n + t];
  const { U, s: sv } = svd({ rows: n, cols: m, data: V });
  const smax = sv[0];
  let rank = 0;
  while (rank < sv.length && sv[rank] > tol * smax) rank++;
  if (!(smax > 0) || rank === 0) {
    throw new ManifoldError(
      "RANK_DEFICIENT",
      "every evaluated field vanishes at x; use a point on the manifold (nystromProject) or more fields.",
      { singularValues: Array.from(sv) },
    );
  }
  const d = dim ?? rank;
  if (d > rank) {
    throw new ManifoldError(
      "RANK_DEFICIENT",
      `only ${rank} of the ${m} field values at x have singular value > tol·s_max = ${(tol * smax).toExponential(3)}, fewer than dim = ${d}; evaluate more fields (nFields), lower tol, or ask for a smaller dim.`,
      { rank, dim: d, singularValues: Array.from(sv) },
    );
  }
  const r = U.cols;
  const T = new Float64Array(n * d);
  for (let t = 0; t < n; t++) for (let c = 0; c < d; c++) T[t * d + c] = U.data[t * r + c];
  const basis: Matrix = { rows: n, cols: d, data: T };
  return {
    T: basis,
    singularValues: sv,
    fieldsUsed: m,
    project: (g) => projectOnto(basis, g),
  };
}
