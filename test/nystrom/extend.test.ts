/**
 * Nyström extension (GUIDE §3): kernel rows against their definition, reproduction of φ at the
 * training points, the all-eigenpairs interpolation identity, φ_0 ≡ 1, serialisation, errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type CidmModel, cidm, cidmKernel } from "../../src/cidm/index.js";
import { circle, embedInHighDim } from "../../src/datasets/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { evaluate, nystromExtend, nystromFunction } from "../../src/nystrom/index.js";
import { modelIndex, queryRows, rowContext } from "../../src/nystrom/rows.js";
import { createRng } from "../../src/random/index.js";
import { annulusQueries, codeOf, maxDiff, naiveRow } from "./helpers.js";

/** Rows of every query (as sets) from the library. */
function libraryRows(model: CidmModel, Q: Matrix) {
  const rows = queryRows(rowContext(model), Q, 0, Q.rows);
  return Array.from({ length: Q.rows }, (_, q) => ({
    row: new Set(rows.indices.subarray(rows.offsets[q], rows.offsets[q + 1])),
    rho: rows.rho[q],
    outside: rows.outside[q] === 1,
    length: rows.offsets[q + 1] - rows.offsets[q],
  }));
}

function sameSet(a: Set<number>, b: Set<number>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

/** Training points, random queries near and far, and (for ties) lattice points. */
function checkRowsAgainstDefinition(model: CidmModel, Q: Matrix): void {
  const lib = libraryRows(model, Q);
  for (let q = 0; q < Q.rows; q++) {
    const ref = naiveRow(model, Q, q);
    expect(lib[q].length).toBe(lib[q].row.size); // no duplicates
    expect(sameSet(lib[q].row, ref.row)).toBe(true);
    expect(lib[q].outside).toBe(ref.outside);
    expect(Math.abs(lib[q].rho - ref.rho)).toBeLessThanOrEqual(1e-15 * ref.rho);
  }
}

describe("out-of-sample kernel rows", () => {
  it("equal { j : |x − x_j| ≤ r_κ(x) } ∪ { j : |x − x_j| ≤ r_κ(x_j) } (kd-tree path)", () => {
    const { points } = circle({ n: 300, warp: 0.5, sampling: "random", seed: 3 });
    const model = cidm(points, { k: 8, nEigs: 5 });
    expect(modelIndex(model).kind).toBe("kdtree");
    const { Q } = annulusQueries(60, 0.5, 2.5, 4);
    checkRowsAgainstDefinition(model, Q);
  });

  it("equal the definition on the blocked brute-force path (40-D), ties included", () => {
    // A 2-D integer lattice padded with zeros to 40-D: distances are exact and heavily tied.
    const side = 12;
    const n = 40;
    const N = side * side;
    const X = new Float64Array(N * n);
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        X[(i * side + j) * n] = i;
        X[(i * side + j) * n + 1] = j;
      }
    }
    const model = cidm({ rows: N, cols: n, data: X }, { k: 6, nEigs: 4 });
    expect(modelIndex(model).kind).toBe("brute");
    const rng = createRng(8);
    const nq = 40;
    const Qd = new Float64Array(nq * n);
    for (let q = 0; q < nq; q++) {
      // half on lattice points and half-integer points (ties), half random
      const tie = q % 2 === 0;
      Qd[q * n] = tie ? Math.floor(rng.uniform() * 2 * side) / 2 : -2 + (side + 3) * rng.uniform();
      Qd[q * n + 1] = tie
        ? Math.floor(rng.uniform() * 2 * side) / 2
        : -2 + (side + 3) * rng.uniform();
      if (!tie) Qd[q * n + 2 + (q % 5)] = 0.5 * rng.normal();
    }
    checkRowsAgainstDefinition(model, { rows: nq, cols: n, data: Qd });
    // a larger lattice in 2-D goes through the kd-tree: ties handled there too
    const big = 40;
    const X2 = new Float64Array(big * big * 2);
    for (let i = 0; i < big * big; i++) {
      X2[2 * i] = Math.floor(i / big);
      X2[2 * i + 1] = i % big;
    }
    const m2 = cidm({ rows: big * big, cols: 2, data: X2 }, { k: 6, nEigs: 4 });
    expect(modelIndex(m2).kind).toBe("kdtree");
    const Q2 = new Float64Array(nq * 2);
    for (let q = 0; q < nq; q++) {
      Q2[2 * q] = Math.floor(rng.uniform() * 2 * big) / 2;
      Q2[2 * q + 1] = Math.floor(rng.uniform() * 2 * big) / 2;
    }
    checkRowsAgainstDefinition(m2, { rows: nq, cols: 2, data: Q2 });
  });

  it("at a training point, the row is its training kernel row", () => {
    const { points } = circle({ n: 400, warp: 0.3 });
    const model = cidm(points, { k: 16, nEigs: 5 });
    const { K } = cidmKernel(points, { k: 16 });
    const lib = libraryRows(model, points);
    for (let i = 0; i < points.rows; i++) {
      const train = new Set(K.indices.subarray(K.indptr[i], K.indptr[i + 1]));
      expect(sameSet(lib[i].row, train)).toBe(true);
      expect(lib[i].rho).toBe(model.rho[i]);
    }
  });
});

describe("eigenfunction extension", () => {
  let model: CidmModel;
  let points: Matrix;
  beforeAll(() => {
    points = circle({ n: 2000, warp: 0.8 }).points;
    // tol 1e-12: the extension at x_i equals φ_ℓ(x_i) + (Pφ_ℓ − λ_ℓφ_ℓ)_i/λ_ℓ, so it reproduces
    // the stored vectors to the eigensolver's residual.
    model = cidm(points, { k: 16, nEigs: 11, tol: 1e-12 });
  });

  it("reproduces the stored φ at every training point to 1e-10 (Lanczos model, N = 2000)", () => {
    const E = nystromExtend(model, points);
    expect(E.rows).toBe(2000);
    expect(E.cols).toBe(11);
    expect(maxDiff(E.data, model.phi.data)).toBeLessThan(1e-10);
  });

  it("reproduces φ on the high-dimensional (blocked brute-force) path", () => {
    const { points: P } = circle({ n: 300, warp: 0.3 });
    const high = embedInHighDim(P, { dim: 50, seed: 2 }).points;
    const m = cidm(high, { k: 12, nEigs: 8 });
    expect(modelIndex(m).kind).toBe("brute");
    expect(maxDiff(nystromExtend(m, high).data, m.phi.data)).toBeLessThan(1e-10);
  });

  it("φ_0 ≡ 1 for every query, including far ones; far queries are finite", () => {
    const { Q } = annulusQueries(100, 0, 3, 9);
    const far: Matrix = {
      rows: 4,
      cols: 2,
      data: Float64Array.from([3, 0, -40, 25, 1e6, -1e6, 1e-300, 1e-300]),
    };
    for (const queries of [Q, far]) {
      const E = nystromExtend(model, queries, { nEigs: 11 });
      for (let q = 0; q < queries.rows; q++) {
        expect(Math.abs(E.data[q * 11] - 1)).toBeLessThan(1e-13);
        for (let l = 0; l < 11; l++) expect(Number.isFinite(E.data[q * 11 + l])).toBe(true);
      }
    }
  });

  it("serialises: a JSON round trip of the model gives identical values", () => {
    const { Q } = annulusQueries(20, 0.8, 1.2, 10);
    const json = JSON.parse(JSON.stringify(model));
    expect(nystromExtend(json, Q, { nEigs: 6 }).data).toEqual(
      nystromExtend(model, Q, { nEigs: 6 }).data,
    );
  });
});

describe("function extension", () => {
  let model: CidmModel;
  let points: Matrix;
  beforeAll(() => {
    points = circle({ n: 400, warp: 0.3 }).points;
    model = cidm(points, { k: 16, nEigs: 400 }); // all eigenpairs (dense solve)
  });

  it("with all N eigenpairs interpolates scalar and vector training values to 1e-8", () => {
    const N = 400;
    const f = new Float64Array(N);
    const F = new Float64Array(N * 3);
    for (let i = 0; i < N; i++) {
      const x = points.data[2 * i];
      const y = points.data[2 * i + 1];
      f[i] = Math.sin(3 * x) + y * y;
      F[3 * i] = x;
      F[3 * i + 1] = y;
      F[3 * i + 2] = Math.exp(x * y);
    }
    const scalar = nystromFunction(model, f, { lambdaMin: Number.NEGATIVE_INFINITY });
    expect(scalar.outputDim).toBe(1);
    expect(scalar.nEigs).toBe(N);
    const s = evaluate(scalar, model, points);
    expect(maxDiff(s.data, f)).toBeLessThan(1e-8);
    const vec = nystromFunction(model, { rows: N, cols: 3, data: F }, { lambdaMin: -1 });
    const v = evaluate(vec, model, points);
    expect(v.cols).toBe(3);
    expect(maxDiff(v.data, F)).toBeLessThan(1e-8);
  });

  it("f̂_ℓ = Σ w_i f(x_i) φ_ℓ(x_i): extending φ_3 itself gives the eigenfunction extension", () => {
    const N = 400;
    const M = model.phi.cols;
    const f = new Float64Array(N);
    for (let i = 0; i < N; i++) f[i] = model.phi.data[i * M + 3];
    const ext = nystromFunction(model, Array.from(f), { nEigs: 10 });
    // orthonormality in w: f̂ = e_3
    for (let l = 0; l < 10; l++)
      expect(Math.abs(ext.coefficients[l] - (l === 3 ? 1 : 0))).toBeLessThan(1e-10);
    const { Q } = annulusQueries(30, 0.7, 1.3, 12);
    const a = evaluate(ext, model, Q);
    const b = nystromExtend(model, Q, { nEigs: 10 });
    for (let q = 0; q < 30; q++)
      expect(Math.abs(a.data[q] - b.data[q * 10 + 3])).toBeLessThan(1e-9);
  });

  it("the extender is plain data: a JSON round trip evaluates identically", () => {
    const f = Float64Array.from({ length: 400 }, (_, i) => Math.cos(i / 50));
    const ext = nystromFunction(model, f, { nEigs: 20 });
    const { Q } = annulusQueries(10, 0.9, 1.1, 13);
    const back = JSON.parse(JSON.stringify(ext));
    expect(evaluate(back, JSON.parse(JSON.stringify(model)), Q).data).toEqual(
      evaluate(ext, model, Q).data,
    );
    const open = nystromFunction(model, f, { nEigs: 20, lambdaMin: Number.NEGATIVE_INFINITY });
    expect(evaluate(JSON.parse(JSON.stringify(open)), model, Q).data).toEqual(
      evaluate(open, model, Q).data,
    );
  });

  it("refuses λ_ℓ < lambdaMin with ILL_CONDITIONED_EXTENSION naming ℓ", () => {
    let first = -1;
    for (let l = 0; l < model.lambda.length; l++) {
      if (model.lambda[l] < 1e-3) {
        first = l;
        break;
      }
    }
    expect(first).toBeGreaterThan(0);
    try {
      nystromExtend(model, [[1, 0]]);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe("ILL_CONDITIONED_EXTENSION");
      expect((e as { details: { ell: number } }).details.ell).toBe(first);
      expect((e as Error).message).toContain(`λ_${first}`);
      expect((e as Error).message).toContain("lambdaMin");
    }
    expect(codeOf(() => nystromFunction(model, new Float64Array(400)))).toBe(
      "ILL_CONDITIONED_EXTENSION",
    );
    // nEigs below the first small eigenvalue is accepted
    expect(nystromExtend(model, [[1, 0]], { nEigs: first }).cols).toBe(first);
  });

  it("rejects bad queries, values and options with the right codes", () => {
    expect(codeOf(() => nystromExtend(model, [[1, 0, 0]], { nEigs: 3 }))).toBe(
      "DIMENSION_MISMATCH",
    );
    expect(codeOf(() => nystromExtend(model, [[Number.NaN, 0]], { nEigs: 3 }))).toBe("NON_FINITE");
    expect(codeOf(() => nystromExtend(model, [], { nEigs: 3 }))).toBe("EMPTY_INPUT");
    expect(codeOf(() => nystromExtend(model, [[1, 0]], { nEigs: 0 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => nystromExtend(model, [[1, 0]], { nEigs: 401 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => nystromExtend(model, [[1, 0]], { nEigs: 3, lambdaMin: Number.NaN }))).toBe(
      "INVALID_PARAMETER",
    );
    expect(codeOf(() => nystromFunction(model, new Float64Array(399), { nEigs: 3 }))).toBe(
      "DIMENSION_MISMATCH",
    );
    expect(
      codeOf(() =>
        nystromFunction(model, [Number.POSITIVE_INFINITY, ...new Array(399).fill(0)], { nEigs: 3 }),
      ),
    ).toBe("NON_FINITE");
    const ext = nystromFunction(model, new Float64Array(400), { nEigs: 3 });
    const other = cidm(circle({ n: 100 }).points, { k: 8, nEigs: 5 });
    expect(codeOf(() => evaluate(ext, other, [[1, 0]]))).toBe("DIMENSION_MISMATCH");
    expect(
      codeOf(() => evaluate({ ...ext, coefficients: new Float64Array(2) }, model, [[1, 0]])),
    ).toBe("INVALID_PARAMETER");
  });
});
