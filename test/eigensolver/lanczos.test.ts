import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { type EigResult, type LinearOperator, lanczosEigs } from "../../src/eigensolver/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import { createRng } from "../../src/random/index.js";
import { csrFromTriplets, csrToDense, type SparseMatrix, spmv } from "../../src/sparse/index.js";

/** Laplacian of the grid graph P_nx × P_ny (or C_nx × C_ny when periodic). */
function gridLaplacian(nx: number, ny: number, periodic = false): SparseMatrix {
  const I: number[] = [];
  const J: number[] = [];
  const V: number[] = [];
  const id = (x: number, y: number) => x * ny + y;
  const edge = (a: number, b: number) => {
    I.push(a, b, a, b);
    J.push(b, a, a, b);
    V.push(-1, -1, 1, 1);
  };
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      if (x + 1 < nx) edge(id(x, y), id(x + 1, y));
      else if (periodic && nx > 2) edge(id(x, y), id(0, y));
      if (y + 1 < ny) edge(id(x, y), id(x, y + 1));
      else if (periodic && ny > 2) edge(id(x, y), id(x, 0));
    }
  }
  return csrFromTriplets(nx * ny, nx * ny, I, J, V);
}

/** Path P_N eigenvalues 2 − 2cos(πj/N); cycle C_N: 2 − 2cos(2πj/N). */
function pathEigs(N: number): number[] {
  return Array.from({ length: N }, (_, j) => 2 - 2 * Math.cos((Math.PI * j) / N));
}
function cycleEigs(N: number): number[] {
  return Array.from({ length: N }, (_, j) => 2 - 2 * Math.cos((2 * Math.PI * j) / N));
}
/** Spectrum of a Cartesian product graph: all sums, sorted ascending (multiplicities kept). */
function sumSpectrum(a: number[], b: number[]): number[] {
  const out: number[] = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return out.sort((x, y) => x - y);
}
function expected(spectrum: number[], nev: number, which: "largest" | "smallest"): number[] {
  const s = [...spectrum].sort((x, y) => x - y);
  return which === "smallest" ? s.slice(0, nev) : s.slice(-nev).reverse();
}

/** Independent checks of every returned pair: residual, orthonormality, sign, order. */
function checkPairs(
  A: SparseMatrix | LinearOperator,
  r: EigResult,
  nev: number,
  tol: number,
  which: string,
) {
  const n = "indptr" in A ? A.rows : A.n;
  expect(r.values.length).toBe(nev);
  expect(r.vectors.length).toBe(n * nev);
  const cols: Float64Array[] = [];
  for (let j = 0; j < nev; j++)
    cols.push(Float64Array.from({ length: n }, (_, i) => r.vectors[i * nev + j]));
  const y = new Float64Array(n);
  for (let j = 0; j < nev; j++) {
    if ("indptr" in A) spmv(A, cols[j], y);
    else A.apply(cols[j], y);
    let rr = 0;
    for (let i = 0; i < n; i++) rr += (y[i] - r.values[j] * cols[j][i]) ** 2;
    expect(Math.sqrt(rr)).toBeLessThanOrEqual(tol);
    expect(Math.abs(Math.sqrt(rr) - r.residuals[j])).toBeLessThan(1e-12 + 1e-3 * tol);
    // Sign convention: the entry of largest magnitude is positive (the first one on
    // ties, within 1e-12 relative: symmetric graphs have exactly tied entries).
    const maxAbs = Math.max(...Array.from(cols[j], Math.abs));
    const big = cols[j].findIndex((x) => Math.abs(x) >= maxAbs * (1 - 1e-12));
    expect(cols[j][big]).toBeGreaterThan(0);
    if (j > 0) {
      if (which === "largest") expect(r.values[j]).toBeLessThanOrEqual(r.values[j - 1]);
      else expect(r.values[j]).toBeGreaterThanOrEqual(r.values[j - 1]);
    }
  }
  let worst = 0;
  for (let a = 0; a < nev; a++) {
    for (let b = a; b < nev; b++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += cols[a][i] * cols[b][i];
      worst = Math.max(worst, Math.abs(d - (a === b ? 1 : 0)));
    }
  }
  expect(worst).toBeLessThan(1e-10);
}

function expectValues(got: Float64Array, want: number[], tol: number) {
  expect(got.length).toBe(want.length);
  for (let j = 0; j < want.length; j++) expect(Math.abs(got[j] - want[j])).toBeLessThan(tol);
}

function expectThrowsCode(f: () => unknown, code: string): ManifoldError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifoldError);
    expect((e as ManifoldError).code).toBe(code);
    return e as ManifoldError;
  }
  throw new Error(`expected ManifoldError ${code}`);
}

describe("lanczosEigs: known spectra", () => {
  const tol = 1e-9;

  it("path-graph Laplacian: 2 − 2cos(πj/N), both ends", () => {
    const N = 400;
    const L = gridLaplacian(N, 1);
    for (const which of ["smallest", "largest"] as const) {
      const r = lanczosEigs(L, 8, { which });
      expectValues(r.values, expected(pathEigs(N), 8, which), 1e-10);
      checkPairs(L, r, 8, tol, which);
      expect(r.restarts).toBeGreaterThan(0); // the Lanczos path, not the dense fallback
    }
  });

  it("cycle-graph Laplacian: every nonzero eigenvalue comes back twice", () => {
    const N = 300;
    const L = gridLaplacian(N, 1, true);
    for (const which of ["smallest", "largest"] as const) {
      const r = lanczosEigs(L, 11, { which });
      expectValues(r.values, expected(cycleEigs(N), 11, which), 1e-10);
      checkPairs(L, r, 11, tol, which);
    }
    // Smallest: 0, then five doubly degenerate values.
    const r = lanczosEigs(L, 11, { which: "smallest" });
    for (let k = 1; k <= 5; k++) {
      expect(Math.abs(r.values[2 * k - 1] - r.values[2 * k])).toBeLessThan(1e-10);
      expect(r.values[2 * k] - r.values[2 * k - 2]).toBeGreaterThan(1e-4);
    }
  });

  it("2-D grid Laplacian: sums of path eigenvalues with their multiplicities (square grid has pairs)", () => {
    const L = gridLaplacian(24, 24);
    const spec = sumSpectrum(pathEigs(24), pathEigs(24));
    for (const which of ["smallest", "largest"] as const) {
      const r = lanczosEigs(L, 14, { which });
      expectValues(r.values, expected(spec, 14, which), 1e-10);
      checkPairs(L, r, 14, tol, which);
    }
    const R = gridLaplacian(19, 23);
    const r = lanczosEigs(R, 12, { which: "smallest", blockSize: 2 });
    expectValues(
      r.values,
      expected(sumSpectrum(pathEigs(19), pathEigs(23)), 12, "smallest"),
      1e-10,
    );
    checkPairs(R, r, 12, tol, "smallest");
  });

  it("torus grid C_20 × C_20: 4- and 8-fold eigenvalues with full multiplicity", () => {
    const L = gridLaplacian(20, 20, true);
    const spec = sumSpectrum(cycleEigs(20), cycleEigs(20));
    // 0, then 4-fold 0.0979, 0.1958, 0.3820, then an 8-fold 0.4799 (indices 13–20):
    // nev = 19 takes six of its eight copies.
    const want = expected(spec, 19, "smallest");
    expect(want[18] - want[13]).toBeLessThan(1e-12);
    expect(want[13] - want[12]).toBeGreaterThan(0.05);
    const r = lanczosEigs(L, 19, { which: "smallest" });
    expectValues(r.values, want, 1e-10);
    checkPairs(L, r, 19, tol, "smallest");
  });
});

describe("lanczosEigs: general matrices", () => {
  /** Random sparse symmetric positive definite matrix and its dense copy. */
  function randomSpd(n: number, perRow: number, seed: number): SparseMatrix {
    const rng = createRng(seed);
    const I: number[] = [];
    const J: number[] = [];
    const V: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < perRow; t++) {
        const j = rng.int(n);
        const v = rng.normal();
        I.push(i, j);
        J.push(j, i);
        V.push(v, v);
      }
      I.push(i);
      J.push(i);
      V.push(2 * perRow + 5 * rng.uniform());
    }
    return csrFromTriplets(n, n, I, J, V);
  }

  it("random sparse SPD matrices agree with a dense reference (ml-matrix), both ends", () => {
    const A = randomSpd(350, 6, 21);
    const dense = csrToDense(A);
    const rows = Array.from({ length: A.rows }, (_, i) =>
      Array.from(dense.data.subarray(i * A.rows, (i + 1) * A.rows)),
    );
    const ref = new EigenvalueDecomposition(new MlMatrix(rows), { assumeSymmetric: true })
      .realEigenvalues;
    for (const which of ["largest", "smallest"] as const) {
      const r = lanczosEigs(A, 10, { which, seed: 4 });
      expectValues(r.values, expected(ref, 10, which), 1e-9);
      checkPairs(A, r, 10, 1e-9, which);
    }
  });

  it("a clustered top (1, 1 + 1e-8, 1 + 2e-8, …) as an operator Q·diag(λ)·Q with a Householder Q", () => {
    const n = 800;
    const lam = Float64Array.from({ length: n }, (_, i) =>
      i < 6 ? 1 + i * 1e-8 : 0.9 * (1 - i / n),
    );
    const rng = createRng(5);
    const u = Float64Array.from({ length: n }, () => rng.normal());
    const un = Math.hypot(...u);
    for (let i = 0; i < n; i++) u[i] /= un;
    // A = H·diag(λ)·H, H = I − 2uuᵀ: same eigenvalues, dense eigenvectors.
    const op: LinearOperator = {
      n,
      apply(x, y) {
        let d = 0;
        for (let i = 0; i < n; i++) d += u[i] * x[i];
        let e = 0;
        for (let i = 0; i < n; i++) {
          y[i] = lam[i] * (x[i] - 2 * d * u[i]);
          e += u[i] * y[i];
        }
        for (let i = 0; i < n; i++) y[i] -= 2 * e * u[i];
      },
    };
    const r = lanczosEigs(op, 6, { tol: 1e-10 });
    const want = Array.from({ length: 6 }, (_, i) => 1 + (5 - i) * 1e-8);
    expectValues(r.values, want, 2e-11);
    checkPairs(op, r, 6, 1e-10, "largest");
  });

  it("a LinearOperator and the CSR matrix give the same answer; the dense fallback agrees", () => {
    const L = gridLaplacian(16, 15);
    const op: LinearOperator = { n: L.rows, apply: (x, y) => spmv(L, x, y) };
    const a = lanczosEigs(L, 7, { which: "smallest", method: "lanczos" });
    const b = lanczosEigs(op, 7, { which: "smallest", method: "lanczos" });
    const c = lanczosEigs(op, 7, { which: "smallest", method: "dense" });
    const want = expected(sumSpectrum(pathEigs(16), pathEigs(15)), 7, "smallest");
    for (const r of [a, b, c]) {
      expectValues(r.values, want, 1e-10);
      checkPairs(L, r, 7, 1e-9, "smallest");
    }
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(c.restarts).toBe(0);
    // Small n takes the dense path automatically.
    const small = gridLaplacian(30, 1);
    const d = lanczosEigs(small, 5, { which: "largest" });
    expect(d.restarts).toBe(0);
    expectValues(d.values, expected(pathEigs(30), 5, "largest"), 1e-12);
    checkPairs(small, d, 5, 1e-12, "largest");
  });
});

describe("lanczosEigs: determinism and errors", () => {
  it("is deterministic given the seed; another seed gives the same eigenvalues", () => {
    const L = gridLaplacian(21, 17);
    const a = lanczosEigs(L, 6, { seed: 3 });
    const b = lanczosEigs(L, 6, { seed: 3 });
    const c = lanczosEigs(L, 6, { seed: 99 });
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
    expect(a.matvecs).toBe(b.matvecs);
    expectValues(c.values, Array.from(a.values), 1e-10);
  });

  it("uses v0 as a start vector and validates it", () => {
    const L = gridLaplacian(300, 1);
    const v0 = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i + 1));
    const r = lanczosEigs(L, 4, { which: "smallest", v0 });
    expectValues(r.values, expected(pathEigs(300), 4, "smallest"), 1e-10);
    expectThrowsCode(() => lanczosEigs(L, 4, { v0: new Float64Array(299) }), "INVALID_PARAMETER");
    expectThrowsCode(() => lanczosEigs(L, 4, { v0: new Float64Array(300) }), "INVALID_PARAMETER");
  });

  it("throws EIGEN_NOT_CONVERGED with the residual reached when maxRestarts is too small", () => {
    const L = gridLaplacian(40, 40);
    const e = expectThrowsCode(
      () => lanczosEigs(L, 10, { which: "smallest", maxRestarts: 2 }),
      "EIGEN_NOT_CONVERGED",
    );
    expect(e.message).toMatch(/maxRestarts/);
    expect(e.message).toMatch(/ncv/);
    expect(Number(e.details?.residual)).toBeGreaterThan(1e-9);
  });

  it("rejects invalid nev, options and non-symmetric matrices", () => {
    const L = gridLaplacian(250, 1);
    for (const nev of [0, -1, 250, 1.5, Number.NaN])
      expectThrowsCode(() => lanczosEigs(L, nev), "INVALID_PARAMETER");
    expectThrowsCode(() => lanczosEigs(L, 3, { tol: 0 }), "INVALID_PARAMETER");
    expectThrowsCode(() => lanczosEigs(L, 3, { ncv: 3 }), "INVALID_PARAMETER");
    expectThrowsCode(
      () => lanczosEigs(L, 3, { which: "middle" as "largest" }),
      "INVALID_PARAMETER",
    );
    const N = csrFromTriplets(3, 3, [0, 1, 2], [1, 2, 2], [1, 1, 1]);
    expectThrowsCode(() => lanczosEigs(N, 1), "INVALID_PARAMETER");
    expectThrowsCode(() => lanczosEigs(csrFromTriplets(3, 4, [], [], []), 1), "DIMENSION_MISMATCH");
    const bad: LinearOperator = { n: 300, apply: (_x, y) => y.fill(Number.NaN) };
    expectThrowsCode(() => lanczosEigs(bad, 2), "NON_FINITE");
  });
});
