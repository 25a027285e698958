/**
 * Gradients (GUIDE §3): ∇φ_ℓ and the Jacobian of ι against central differences where the
 * neighbour sets do not switch, J(x)ᵀv as the restricted gradient, and tangency on the circle.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type CidmModel, cidm } from "../../src/cidm/index.js";
import { circle } from "../../src/datasets/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import {
  nystromExtend,
  nystromGradient,
  nystromJacobian,
  nystromProject,
  restrictGradient,
} from "../../src/nystrom/index.js";
import { queryRows, rowContext } from "../../src/nystrom/rows.js";
import { createRng } from "../../src/random/index.js";
import { codeOf, randomCurve } from "./helpers.js";

const H = 1e-6;

/** x and x ± h e_t for every coordinate t (rows 0, then 2t+1 = +, 2t+2 = −). */
function stencil(x: Float64Array, h: number): Matrix {
  const n = x.length;
  const data = new Float64Array((2 * n + 1) * n);
  for (let r = 0; r < 2 * n + 1; r++) data.set(x, r * n);
  for (let t = 0; t < n; t++) {
    data[(2 * t + 1) * n + t] += h;
    data[(2 * t + 2) * n + t] -= h;
  }
  return { rows: 2 * n + 1, cols: n, data };
}

/** True when N_k and row(x) are the same sets at every stencil point (no switching surface crossed). */
function neighbourSetsStable(model: CidmModel, S: Matrix): boolean {
  const rows = queryRows(rowContext(model), S, 0, S.rows);
  const key = (q: number) => {
    const row = Array.from(rows.indices.subarray(rows.offsets[q], rows.offsets[q + 1])).sort(
      (a, b) => a - b,
    );
    const nk = Array.from(rows.knnIndices.subarray(q * rows.kq, q * rows.kq + model.k)).sort(
      (a, b) => a - b,
    );
    return `${row.join(",")}|${nk.join(",")}`;
  };
  const k0 = key(0);
  for (let q = 1; q < S.rows; q++) if (key(q) !== k0) return false;
  return true;
}

/** Off-manifold queries of the model's data: training points plus Gaussian offsets of size σ. */
function offManifold(model: CidmModel, count: number, sigma: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  const { rows: N, cols: n, data } = model.points;
  return Array.from({ length: count }, () => {
    const j = rng.int(N);
    const x = new Float64Array(n);
    for (let t = 0; t < n; t++) x[t] = data[j * n + t] + sigma * rng.normal();
    return x;
  });
}

/**
 * For each query with stable neighbour sets: ∇φ_ℓ vs central differences of nystromExtend, and
 * J vs central differences of nystromProject; returns the worst relative errors and the count.
 */
function fdCheck(model: CidmModel, queries: Float64Array[], L: number) {
  const n = model.points.cols;
  let gradWorst = 0;
  let jacWorst = 0;
  let used = 0;
  for (const x of queries) {
    const S = stencil(x, H);
    if (!neighbourSetsStable(model, S)) continue;
    used++;
    const E = nystromExtend(model, S, { nEigs: L });
    const P = nystromProject(model, S, { nEigs: L }).points;
    const g = nystromGradient(model, [x], { nEigs: L });
    const J = nystromJacobian(model, [x], { nEigs: L });
    let gScale = 0;
    let gErr = 0;
    for (let l = 0; l < L; l++) {
      for (let t = 0; t < n; t++) {
        const fd = (E.data[(2 * t + 1) * L + l] - E.data[(2 * t + 2) * L + l]) / (2 * H);
        const an = g[l * n + t];
        gScale = Math.max(gScale, Math.abs(an));
        gErr = Math.max(gErr, Math.abs(fd - an));
      }
    }
    let jScale = 0;
    let jErr = 0;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const fd = (P.data[(2 * b + 1) * n + a] - P.data[(2 * b + 2) * n + a]) / (2 * H);
        const an = J[a * n + b];
        jScale = Math.max(jScale, Math.abs(an));
        jErr = Math.max(jErr, Math.abs(fd - an));
      }
    }
    gradWorst = Math.max(gradWorst, gErr / gScale);
    jacWorst = Math.max(jacWorst, jErr / jScale);
  }
  return { gradWorst, jacWorst, used };
}

describe("gradients on the warped circle grid (warp 0.8, N = 2000, k = 16)", () => {
  let model: CidmModel;
  beforeAll(() => {
    model = cidm(circle({ n: 2000, warp: 0.8 }).points, { k: 16, nEigs: 11 });
  });

  it("∇φ_ℓ and J(x) match central differences to 1e-6 relative at off-manifold queries", () => {
    const { gradWorst, jacWorst, used } = fdCheck(model, offManifold(model, 24, 0.08, 31), 11);
    // measured: 1.5e-9 for both, all 24 queries stable (numpy version of §3: 1e-9)
    expect(used).toBeGreaterThanOrEqual(12);
    expect(gradWorst).toBeLessThan(1e-6);
    expect(jacWorst).toBeLessThan(1e-6);
  });

  it("a batch gives the same gradients as single queries (layout (q·L + ℓ)·n + t)", () => {
    const xs = offManifold(model, 5, 0.05, 32);
    const batch: Matrix = {
      rows: 5,
      cols: 2,
      data: Float64Array.from(xs.flatMap((x) => Array.from(x))),
    };
    const g = nystromGradient(model, batch, { nEigs: 7 });
    const J = nystromJacobian(model, batch, { nEigs: 7 });
    expect(g.length).toBe(5 * 7 * 2);
    expect(J.length).toBe(5 * 2 * 2);
    xs.forEach((x, q) => {
      expect(Array.from(g.subarray(q * 14, (q + 1) * 14))).toEqual(
        Array.from(nystromGradient(model, [x], { nEigs: 7 })),
      );
      expect(Array.from(J.subarray(q * 4, (q + 1) * 4))).toEqual(
        Array.from(nystromJacobian(model, [x], { nEigs: 7 })),
      );
    });
    // ∇φ_0 = 0: φ_0 ≡ 1
    for (let q = 0; q < 5; q++) {
      expect(Math.abs(g[q * 14])).toBeLessThan(1e-10);
      expect(Math.abs(g[q * 14 + 1])).toBeLessThan(1e-10);
    }
  });

  it("restrictGradient = J(x)ᵀ ∇ℒ(ι(x)), from a matrix or from a function of ι(x)", () => {
    const xs = offManifold(model, 30, 0.05, 33);
    const X: Matrix = {
      rows: 30,
      cols: 2,
      data: Float64Array.from(xs.flatMap((x) => Array.from(x))),
    };
    const target = [0.3, -0.8];
    // ℒ(y) = ½|y − target|², ∇ℒ(y) = y − target
    const gradL = (P: Matrix): Matrix => ({
      rows: P.rows,
      cols: 2,
      data: P.data.map((v, i) => v - target[i % 2]),
    });
    const P = nystromProject(model, X, { nEigs: 10 }).points;
    const V = gradL(P);
    const r1 = restrictGradient(model, X, V, { nEigs: 10 });
    const r2 = restrictGradient(model, X, gradL, { nEigs: 10 });
    expect(Array.from(r2.data)).toEqual(Array.from(r1.data));
    const J = nystromJacobian(model, X, { nEigs: 10 });
    for (let q = 0; q < 30; q++) {
      for (let b = 0; b < 2; b++) {
        const ref = J[q * 4 + b] * V.data[2 * q] + J[q * 4 + 2 + b] * V.data[2 * q + 1];
        expect(Math.abs(r1.data[2 * q + b] - ref)).toBeLessThan(1e-12 * (1 + Math.abs(ref)));
      }
    }
    expect(codeOf(() => restrictGradient(model, X, [[1, 0]], { nEigs: 10 }))).toBe(
      "DIMENSION_MISMATCH",
    );
    expect(codeOf(() => restrictGradient(model, X, () => [[1, 0, 0]], { nEigs: 10 }))).toBe(
      "DIMENSION_MISMATCH",
    );
  });
});

describe("tangency on the clean warped circle grid (N = 2000, k = 16, L = 10)", () => {
  it("J(x) annihilates the normal (|J n̂| < 1e-3 |J t̂|) and the restricted gradient is tangent (< 1e-3)", () => {
    const N = 2000;
    const warp = 0.8;
    const { points } = circle({ n: N, warp });
    const model = cidm(points, { k: 16, nEigs: 11 });
    // the grid points and the points halfway between them (u = (i + 1)/N), all on the circle
    const mid = new Float64Array(2 * N);
    for (let i = 0; i < N; i++) {
      const u = (i + 1) / N;
      const th = 2 * Math.PI * u + warp * Math.sin(2 * Math.PI * u);
      mid[2 * i] = Math.cos(th);
      mid[2 * i + 1] = Math.sin(th);
    }
    for (const P of [points.data, mid]) {
      const X: Matrix = { rows: N, cols: 2, data: P };
      const J = nystromJacobian(model, X, { nEigs: 10 });
      // ℒ(y) = ½|y − z|² with z the point turned by 0.5 rad: a gradient with a real tangential part
      const V = new Float64Array(2 * N);
      const c = Math.cos(0.5);
      const s = Math.sin(0.5);
      const proj = nystromProject(model, X, { nEigs: 10 }).points.data;
      for (let i = 0; i < N; i++) {
        V[2 * i] = proj[2 * i] - (c * P[2 * i] - s * P[2 * i + 1]);
        V[2 * i + 1] = proj[2 * i + 1] - (s * P[2 * i] + c * P[2 * i + 1]);
      }
      const R = restrictGradient(model, X, { rows: N, cols: 2, data: V }, { nEigs: 10 });
      let jWorst = 0;
      let rWorst = 0;
      for (let i = 0; i < N; i++) {
        const x = P[2 * i];
        const y = P[2 * i + 1]; // (x, y) is the unit normal, (−y, x) the tangent
        const [a, b, cc, d] = J.subarray(4 * i, 4 * i + 4);
        const jn = Math.hypot(a * x + b * y, cc * x + d * y);
        const jt = Math.hypot(-a * y + b * x, -cc * y + d * x);
        jWorst = Math.max(jWorst, jn / jt);
        const rx = R.data[2 * i];
        const ry = R.data[2 * i + 1];
        rWorst = Math.max(rWorst, Math.abs(rx * x + ry * y) / Math.hypot(rx, ry));
      }
      expect(jWorst).toBeLessThan(1e-3); // measured 6e-5
      expect(rWorst).toBeLessThan(1e-3); // measured 2e-5
    }
  });
});

describe("gradients in R³ (random closed curve, N = 300)", () => {
  it("match central differences to 1e-6 relative", () => {
    const model = cidm(randomCurve(300, 5), { k: 12, nEigs: 8 });
    const { gradWorst, jacWorst, used } = fdCheck(model, offManifold(model, 16, 0.1, 34), 8);
    // measured: 7e-10 and 3e-9
    expect(used).toBeGreaterThanOrEqual(8);
    expect(gradWorst).toBeLessThan(1e-6);
    expect(jacWorst).toBeLessThan(1e-6);
  });
});
