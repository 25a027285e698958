/**
 * SEC vector fields (GUIDE §4) against the same formulas in numpy (bench/python/sec.py), on
 * identical inputs: φ, ξ, w and X from one CIDM fit (untimed, ours) handed to both sides.
 * Timed: `secFields` only (triple products, Gram/energy, the two eigen-solves, Γ(φ_j, X_t)
 * coefficients and the fields' values at the N points). Two references: `secFields` against
 * the formulas written as multi-operand `np.einsum(..., optimize=True)` calls, and
 * `secFields-blas` against the same sums with the elementwise products formed explicitly so
 * that every N-long sum is one BLAS matrix product (numpy's fastest form of these formulas).
 */
import { type CidmModel, cidm } from "../../src/cidm/index.js";
import { flatTorus } from "../../src/datasets/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type SecFields, secFields } from "../../src/sec/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

interface SecData extends CaseData {
  readonly model: CidmModel;
  readonly n1: number;
  readonly n2: number;
  readonly nFields: number;
}

const row = (a: Float64Array): Matrix => ({ rows: 1, cols: a.length, data: a });

/** μ agree to 1e-8 (absolute, in units of ξ_1) and the fields' mean norms to 1e-8 relative. */
function checkSec(ours: SecFields, reference: unknown, d: SecData): CheckResult {
  const ref = reference as { mu: number[]; meanNorms: number[] };
  const N = d.model.points.rows;
  const n = d.model.points.cols;
  let muDiff = 0;
  let normDiff = 0;
  for (let k = 0; k < d.nFields; k++) {
    muDiff = Math.max(muDiff, Math.abs(ours.mu[k] - ref.mu[k]));
    let mean = 0;
    for (let s = 0; s < N; s++) {
      let q = 0;
      for (let t = 0; t < n; t++) q += ours.values![(k * N + s) * n + t] ** 2;
      mean += Math.sqrt(q);
    }
    mean /= N;
    normDiff = Math.max(normDiff, Math.abs(mean - ref.meanNorms[k]) / ref.meanNorms[k]);
  }
  return {
    ok: muDiff < 1e-8 && normDiff < 1e-8,
    detail: `μ max diff ${muDiff.toExponential(1)}; mean |v_k| max rel diff ${normDiff.toExponential(1)}`,
  };
}

function secData(quick: boolean): SecData {
  const N = quick ? 2000 : 5000;
  const n1 = 10;
  const n2 = 40;
  const nFields = 6;
  const model = cidm(flatTorus({ n: N }).points, { k: 32, nEigs: n2 });
  return {
    model,
    n1,
    n2,
    nFields,
    matrices: { phi: model.phi, xi: row(model.xi), w: row(model.weights), X: model.points },
    params: { n1, n2, nFields, gramTol: 1e-2 },
    label: `N=${N} R^4 n1=${n1} n2=${n2} ${nFields} fields (CIDM on the Kronecker torus, k=32)`,
  };
}

const run = (d: SecData): SecFields =>
  secFields(d.model, { n1: d.n1, n2: d.n2, nFields: d.nFields });

export const cases: BenchCase[] = [
  defineCase<SecData, SecFields>({
    name: "secFields",
    setup: ({ quick }) => secData(quick),
    run,
    python: { script: "sec.py", args: ["einsum"] },
    check: checkSec,
  }),
  defineCase<SecData, SecFields>({
    name: "secFields-blas",
    setup: ({ quick }) => secData(quick),
    run,
    python: { script: "sec.py", args: ["blas"] },
    check: checkSec,
  }),
];
