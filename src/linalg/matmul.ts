/**
 * Dense matrix products C = AB, AᵀB and ABᵀ on row-major Float64Array data.
 *
 * Large products run a cache-blocked, register-blocked kernel: B is packed in
 * KC×NC blocks of 4-column panels, A in 4-row slivers, and a 4×4 micro-kernel
 * keeps its 16 partial sums in registers. The micro-kernel is WebAssembly
 * SIMD (f64x2, about 4× faster) where available, else TypeScript with 16
 * local accumulators; both add the same products in the same order, so the
 * results are bitwise identical. Transposed operands are read through the
 * packing step, so no transpose is ever formed. Small products (m·n·k below
 * 32³) use plain loops ordered for contiguous access.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { requireShape } from "./checks.js";
import { type GemmWasmKernel, gemmWasmKernel, WASM_KC, WASM_NC } from "./gemmKernelWasm.js";

/** Depth of a packed block (rows of B / columns of A per pass). */
const KC = WASM_KC;
/** Width of a packed block of B (columns of C per pass); a multiple of NR. */
const NC = WASM_NC;
/** Micro-kernel tile: MR rows × NR columns of C. */
const MR = 4;
const NR = 4;
/** Below this many multiply-adds the unblocked loops win. */
const SMALL = 32 * 32 * 32;

/**
 * Matrix product C = A·B.
 *
 * Cost: 2·m·k·n flops, m·n memory for C plus at most (KC·NC + 4·KC) doubles of
 * packing scratch. Summation order over k is fixed, so results are
 * deterministic.
 *
 * @param A - m×k.
 * @param B - k×n.
 * @returns C, m×n.
 * @throws ManifoldError `DIMENSION_MISMATCH` when `A.cols !== B.rows` or a
 *   matrix's data length is not rows·cols.
 * @example
 * ```ts
 * import { fromArrays, matmul, toArrays } from "manifold-geom";
 * const A = fromArrays([[1, 2], [3, 4]]);
 * const B = fromArrays([[5, 6], [7, 8]]);
 * console.log(toArrays(matmul(A, B))); // [ [ 19, 22 ], [ 43, 50 ] ]
 * ```
 */
export function matmul(A: Matrix, B: Matrix): Matrix {
  requireShape(A, "matmul", "A");
  requireShape(B, "matmul", "B");
  if (A.cols !== B.rows)
    throw mismatch("matmul", "A·B", `A.cols (${A.cols}) must equal B.rows (${B.rows})`, A, B);
  return gemm(A.rows, B.cols, A.cols, A.data, false, B.data, false);
}

/**
 * Matrix product C = Aᵀ·B without forming Aᵀ.
 *
 * Cost: 2·m·k·n flops, m·n memory for C (plus packing scratch as in {@link matmul}).
 * Computing AᵀA with it gives an exactly symmetric result.
 *
 * @param A - k×m.
 * @param B - k×n.
 * @returns C, m×n.
 * @throws ManifoldError `DIMENSION_MISMATCH` when `A.rows !== B.rows`.
 * @example
 * ```ts
 * import { fromArrays, matmulTransA, toArrays } from "manifold-geom";
 * const A = fromArrays([[1, 2], [3, 4], [5, 6]]); // 3×2
 * console.log(toArrays(matmulTransA(A, A))); // AᵀA = [ [ 35, 44 ], [ 44, 56 ] ]
 * ```
 */
export function matmulTransA(A: Matrix, B: Matrix): Matrix {
  requireShape(A, "matmulTransA", "A");
  requireShape(B, "matmulTransA", "B");
  if (A.rows !== B.rows) {
    throw mismatch(
      "matmulTransA",
      "Aᵀ·B",
      `A.rows (${A.rows}) must equal B.rows (${B.rows})`,
      A,
      B,
    );
  }
  return gemm(A.cols, B.cols, A.rows, A.data, true, B.data, false);
}

/**
 * Matrix product C = A·Bᵀ without forming Bᵀ (C_ij = row i of A · row j of B).
 *
 * Cost: 2·m·k·n flops, m·n memory for C (plus packing scratch as in {@link matmul}).
 *
 * @param A - m×k.
 * @param B - n×k.
 * @returns C, m×n.
 * @throws ManifoldError `DIMENSION_MISMATCH` when `A.cols !== B.cols`.
 * @example
 * ```ts
 * import { fromArrays, matmulTransB, toArrays } from "manifold-geom";
 * const X = fromArrays([[1, 0], [0, 2], [3, 4]]); // three points in R²
 * console.log(toArrays(matmulTransB(X, X))); // Gram matrix XXᵀ of inner products
 * // [ [ 1, 0, 3 ], [ 0, 4, 8 ], [ 3, 8, 25 ] ]
 * ```
 */
export function matmulTransB(A: Matrix, B: Matrix): Matrix {
  requireShape(A, "matmulTransB", "A");
  requireShape(B, "matmulTransB", "B");
  if (A.cols !== B.cols) {
    throw mismatch(
      "matmulTransB",
      "A·Bᵀ",
      `A.cols (${A.cols}) must equal B.cols (${B.cols})`,
      A,
      B,
    );
  }
  return gemm(A.rows, B.rows, A.cols, A.data, false, B.data, true);
}

function mismatch(fn: string, what: string, rule: string, A: Matrix, B: Matrix): ManifoldError {
  return new ManifoldError(
    "DIMENSION_MISMATCH",
    `${fn}: cannot form ${what} with A ${A.rows}×${A.cols} and B ${B.rows}×${B.cols}; ${rule}.`,
    { fn, aRows: A.rows, aCols: A.cols, bRows: B.rows, bCols: B.cols },
  );
}

/**
 * C (m×n) = op(A)·op(B) with op(A) m×k and op(B) k×n.
 * A is stored m×k (row stride k), or k×m (row stride m) when `transA`;
 * B is stored k×n (row stride n), or n×k (row stride k) when `transB`.
 * `kernel` picks the blocked micro-kernel: "auto" (WebAssembly SIMD when
 * available), or "ts" to force the TypeScript one (tests use it).
 * @internal
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  transA: boolean,
  B: Float64Array,
  transB: boolean,
  kernel: "auto" | "ts" = "auto",
): Matrix {
  const C = new Float64Array(m * n);
  if (m === 0 || n === 0 || k === 0) return { rows: m, cols: n, data: C };
  if (m * n * k <= SMALL) smallGemm(m, n, k, A, transA, B, transB, C);
  else blockedGemm(m, n, k, A, transA, B, transB, C, kernel === "auto" ? gemmWasmKernel() : null);
  return { rows: m, cols: n, data: C };
}

function smallGemm(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  transA: boolean,
  B: Float64Array,
  transB: boolean,
  C: Float64Array,
): void {
  if (transB) {
    // C_ij = Σ_p op(A)_ip · B_jp: a dot product with a contiguous row of B.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        if (transA) for (let p = 0; p < k; p++) s += A[p * m + i] * B[bj + p];
        else {
          const ai = i * k;
          for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
        }
        C[i * n + j] = s;
      }
    }
    return;
  }
  // C row i += op(A)_ip · (row p of B): contiguous axpy.
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const a = transA ? A[p * m + i] : A[i * k + p];
      if (a === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
}

function blockedGemm(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  transA: boolean,
  B: Float64Array,
  transB: boolean,
  C: Float64Array,
  wasm: GemmWasmKernel | null,
): void {
  const kcMax = Math.min(KC, k);
  const ncMax = Math.min(NC, Math.ceil(n / NR) * NR);
  const Bp = wasm ? wasm.bp : new Float64Array(kcMax * ncMax);
  const Ap = wasm ? wasm.ap : new Float64Array(kcMax * MR);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const panels = Math.ceil(nc / NR);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(B, transB, n, k, pc, kc, jc, panels, Bp);
      for (let i0 = 0; i0 < m; i0 += MR) {
        const h = Math.min(MR, m - i0);
        packA(A, transA, m, k, i0, h, pc, kc, Ap);
        if (wasm) {
          wasm.run(kc, panels);
          addTiles(wasm.tiles, panels, C, i0 * n + jc, n, h, nc);
          continue;
        }
        for (let jp = 0; jp < panels; jp++) {
          const j0 = jc + jp * NR;
          kernel4x4(Ap, Bp, jp * kc * NR, kc, C, i0 * n + j0, n, h, Math.min(NR, n - j0));
        }
      }
    }
  }
}

/** C[c0 + r·n + jp·4 + c] += tiles[jp·16 + r·4 + c] for rows r < h and columns jp·4 + c < nc. */
function addTiles(
  tiles: Float64Array,
  panels: number,
  C: Float64Array,
  c0: number,
  n: number,
  h: number,
  nc: number,
): void {
  for (let r = 0; r < h; r++) {
    const row = c0 + r * n;
    const full = h === MR ? nc >> 2 : 0;
    let jp = 0;
    for (; jp < full; jp++) {
      const t = jp * 16 + r * 4;
      const q = row + jp * 4;
      C[q] += tiles[t];
      C[q + 1] += tiles[t + 1];
      C[q + 2] += tiles[t + 2];
      C[q + 3] += tiles[t + 3];
    }
    for (; jp < panels; jp++) {
      const w = Math.min(NR, nc - jp * 4);
      for (let c = 0; c < w; c++) C[row + jp * 4 + c] += tiles[jp * 16 + r * 4 + c];
    }
  }
}

/** Bp[(jp·kc + p)·NR + c] = op(B)[pc + p][jc + jp·NR + c], zero beyond column n. */
function packB(
  B: Float64Array,
  transB: boolean,
  n: number,
  k: number,
  pc: number,
  kc: number,
  jc: number,
  panels: number,
  Bp: Float64Array,
): void {
  let o = 0;
  for (let jp = 0; jp < panels; jp++) {
    const j0 = jc + jp * NR;
    const w = Math.min(NR, n - j0);
    if (!transB && w === NR) {
      for (let p = 0; p < kc; p++) {
        const r = (pc + p) * n + j0;
        Bp[o] = B[r];
        Bp[o + 1] = B[r + 1];
        Bp[o + 2] = B[r + 2];
        Bp[o + 3] = B[r + 3];
        o += NR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let c = 0; c < NR; c++) {
          Bp[o + c] = c < w ? (transB ? B[(j0 + c) * k + pc + p] : B[(pc + p) * n + j0 + c]) : 0;
        }
        o += NR;
      }
    }
  }
}

/** Ap[p·MR + r] = op(A)[i0 + r][pc + p], zero beyond row m. */
function packA(
  A: Float64Array,
  transA: boolean,
  m: number,
  k: number,
  i0: number,
  h: number,
  pc: number,
  kc: number,
  Ap: Float64Array,
): void {
  if (transA) {
    for (let p = 0; p < kc; p++) {
      const r = (pc + p) * m + i0;
      for (let q = 0; q < MR; q++) Ap[p * MR + q] = q < h ? A[r + q] : 0;
    }
    return;
  }
  for (let q = 0; q < MR; q++) {
    if (q < h) {
      const r = (i0 + q) * k + pc;
      for (let p = 0; p < kc; p++) Ap[p * MR + q] = A[r + p];
    } else {
      for (let p = 0; p < kc; p++) Ap[p * MR + q] = 0;
    }
  }
}

/** C[c0 + r·n + c] += Σ_p Ap[p·4 + r]·Bp[b0 + p·4 + c] for r < h, c < w. */
function kernel4x4(
  Ap: Float64Array,
  Bp: Float64Array,
  b0: number,
  kc: number,
  C: Float64Array,
  c0: number,
  n: number,
  h: number,
  w: number,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  let ao = 0;
  let bo = b0;
  for (let p = 0; p < kc; p++) {
    const a0 = Ap[ao];
    const a1 = Ap[ao + 1];
    const a2 = Ap[ao + 2];
    const a3 = Ap[ao + 3];
    let b = Bp[bo];
    c00 += a0 * b;
    c10 += a1 * b;
    c20 += a2 * b;
    c30 += a3 * b;
    b = Bp[bo + 1];
    c01 += a0 * b;
    c11 += a1 * b;
    c21 += a2 * b;
    c31 += a3 * b;
    b = Bp[bo + 2];
    c02 += a0 * b;
    c12 += a1 * b;
    c22 += a2 * b;
    c32 += a3 * b;
    b = Bp[bo + 3];
    c03 += a0 * b;
    c13 += a1 * b;
    c23 += a2 * b;
    c33 += a3 * b;
    ao += MR;
    bo += NR;
  }
  if (h === MR && w === NR) {
    let q = c0;
    C[q] += c00;
    C[q + 1] += c01;
    C[q + 2] += c02;
    C[q + 3] += c03;
    q += n;
    C[q] += c10;
    C[q + 1] += c11;
    C[q + 2] += c12;
    C[q + 3] += c13;
    q += n;
    C[q] += c20;
    C[q + 1] += c21;
    C[q + 2] += c22;
    C[q + 3] += c23;
    q += n;
    C[q] += c30;
    C[q + 1] += c31;
    C[q + 2] += c32;
    C[q + 3] += c33;
    return;
  }
  storeRow(C, c0, w, c00, c01, c02, c03);
  if (h > 1) storeRow(C, c0 + n, w, c10, c11, c12, c13);
  if (h > 2) storeRow(C, c0 + 2 * n, w, c20, c21, c22, c23);
  if (h > 3) storeRow(C, c0 + 3 * n, w, c30, c31, c32, c33);
}

function storeRow(
  C: Float64Array,
  q: number,
  w: number,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
): void {
  C[q] += x0;
  if (w > 1) C[q + 1] += x1;
  if (w > 2) C[q + 2] += x2;
  if (w > 3) C[q + 3] += x3;
}
