/**
 * Dense linear-algebra cases: matrix product, symmetric eigen-decomposition and thin SVD vs
 * numpy (OpenBLAS/LAPACK).
 */
import { gaussianCloud } from "../../src/datasets/index.js";
import { matmul, type SvdResult, type SymEigResult, svd, symEig } from "../../src/linalg/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

interface DenseData extends CaseData {
  readonly A: Matrix;
  readonly B?: Matrix;
}

function gaussian(rows: number, cols: number, seed: number): Matrix {
  return gaussianCloud({ n: rows, dim: cols, seed }).points;
}

function evenlySpaced(count: number, n: number): number[] {
  return Array.from({ length: Math.min(count, n) }, (_, i) =>
    Math.floor((i * n) / Math.min(count, n)),
  );
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Largest |a_i − b_i| over max|b|, and whether lengths match. */
function compareValues(a: ArrayLike<number>, b: number[], what: string, tol: number): CheckResult {
  if (a.length !== b.length) {
    return { ok: false, detail: `${what}: ${a.length} values vs ${b.length} from numpy` };
  }
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  const rel = worst / Math.max(maxAbs(b), Number.MIN_VALUE);
  return {
    ok: rel <= tol,
    detail: `${b.length} ${what}: max |diff|/max|ref| = ${rel.toExponential(1)} (tol ${tol})`,
  };
}

/** max_j |A v_j − λ_j v_j| / |A|_max over a few columns: the eigenvectors, not just values. */
function eigResidual(A: Matrix, r: SymEigResult, columns: number[]): number {
  const n = A.rows;
  let worst = 0;
  for (const j of columns) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += A.data[i * n + c] * r.vectors.data[c * n + j];
      worst = Math.max(worst, Math.abs(s - r.values[j] * r.vectors.data[i * n + j]));
    }
  }
  return worst / maxAbs(A.data);
}

/** max_j |A v_j − σ_j u_j| / σ_1 over a few triplets: the singular vectors, not just values. */
function svdResidual(A: Matrix, r: SvdResult, columns: number[]): number {
  const { rows: m, cols: n } = A;
  const rank = r.s.length;
  let worst = 0;
  for (const j of columns) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += A.data[i * n + c] * r.V.data[c * rank + j];
      worst = Math.max(worst, Math.abs(s - r.s[j] * r.U.data[i * rank + j]));
    }
  }
  return worst / r.s[0];
}

export const cases: BenchCase[] = [
  defineCase<DenseData, Matrix>({
    name: "matmul",
    setup: ({ quick }) => {
      const n = quick ? 300 : 1000;
      const A = gaussian(n, n, 3);
      const B = gaussian(n, n, 4);
      return {
        A,
        B,
        matrices: { A, B },
        params: { sampleRows: evenlySpaced(25, n), sampleCols: evenlySpaced(25, n) },
        label: `${n}×${n} · ${n}×${n} (A @ B)`,
      };
    },
    run: (d) => matmul(d.A, d.B!),
    python: { script: "linalg.py", args: ["matmul"] },
    check: (C, reference, d) => {
      const rows = d.params!.sampleRows as number[];
      const cols = d.params!.sampleCols as number[];
      const ours = rows.flatMap((i) => cols.map((j) => C.data[i * C.cols + j]));
      return compareValues(
        ours,
        (reference as { values: number[] }).values,
        "sampled entries",
        1e-12,
      );
    },
  }),
  defineCase<DenseData, SymEigResult>({
    name: "symEig",
    setup: ({ quick }) => {
      const n = quick ? 100 : 300;
      const G = gaussian(n, n, 5);
      const data = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) data[i * n + j] = (G.data[i * n + j] + G.data[j * n + i]) / 2;
      }
      const A = { rows: n, cols: n, data };
      return { A, matrices: { A }, label: `${n}×${n} symmetric (np.linalg.eigh)` };
    },
    run: (d) => symEig(d.A),
    python: { script: "linalg.py", args: ["eigh"] },
    check: (r, reference, d) => {
      const values = compareValues(
        r.values,
        (reference as { values: number[] }).values,
        "eigenvalues",
        1e-10,
      );
      const n = d.A.rows;
      const res = eigResidual(d.A, r, [0, 1, n >> 1, n - 2, n - 1]);
      return {
        ok: values.ok && res <= 1e-10,
        detail: `${values.detail}; |Av − λv|/|A| = ${res.toExponential(1)} on 5 vectors`,
      };
    },
  }),
  defineCase<DenseData, SvdResult>({
    name: "svd",
    setup: ({ quick }) => {
      const [m, n] = quick ? [500, 20] : [2000, 50];
      const A = gaussian(m, n, 6);
      return { A, matrices: { A }, label: `${m}×${n} thin (np.linalg.svd, full_matrices=False)` };
    },
    run: (d) => svd(d.A),
    python: { script: "linalg.py", args: ["svd"] },
    check: (r, reference, d) => {
      const values = compareValues(
        r.s,
        (reference as { values: number[] }).values,
        "singular values",
        1e-8,
      );
      const res = svdResidual(d.A, r, [0, 1, r.s.length - 1]);
      return {
        ok: values.ok && res <= 1e-10,
        detail: `${values.detail}; |Av − σu|/σ₁ = ${res.toExponential(1)} on 3 triplets`,
      };
    },
  }),
];
