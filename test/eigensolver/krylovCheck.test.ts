import { describe, expect, it } from "vitest";
import { type LinearOperator, lanczosEigs } from "../../src/eigensolver/index.js";
import { krylovCheck, tridiagTop } from "../../src/eigensolver/krylovCheck.js";
import { createRng } from "../../src/random/index.js";

/** A = H·diag(λ)·H with the Householder reflector H = I − 2uuᵀ (dense eigenvectors H e_i). */
function rotatedDiagonal(lam: Float64Array, seed: number): { op: LinearOperator; u: Float64Array } {
  const n = lam.length;
  const rng = createRng(seed);
  const u = Float64Array.from({ length: n }, () => rng.normal());
  const un = Math.hypot(...u);
  for (let i = 0; i < n; i++) u[i] /= un;
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
  return { op, u };
}

/** Columns H e_i (i in idx) stored as consecutive length-n blocks. */
function eigvecs(u: Float64Array, idx: number[]): Float64Array {
  const n = u.length;
  const Y = new Float64Array(idx.length * n);
  idx.forEach((i, c) => {
    for (let t = 0; t < n; t++) Y[c * n + t] = (t === i ? 1 : 0) - 2 * u[i] * u[t];
  });
  return Y;
}

describe("tridiagTop", () => {
  it("matches the closed form of tridiag(−1, 2, −1): θ = 2 + 2cos(π/(k+1)), |s_k| = |sin(k²π/(k+1))|·√(2/(k+1))", () => {
    for (const k of [1, 2, 5, 50, 400]) {
      const r = tridiagTop(new Float64Array(k).fill(2), new Float64Array(k).fill(-1), k);
      expect(Math.abs(r.theta - (2 + 2 * Math.cos(Math.PI / (k + 1))))).toBeLessThan(1e-14);
      const last = Math.abs(Math.sin((k * k * Math.PI) / (k + 1))) * Math.sqrt(2 / (k + 1));
      expect(Math.abs(r.last - last)).toBeLessThan(1e-12);
    }
  });
});

describe("krylovCheck (plain Lanczos on the complement of the locked vectors)", () => {
  const n = 600;
  // Top five eigenvalues 1, 0.99, 0.98, 0.97, 0.96; the rest spread over [0, 0.9].
  const base = () =>
    Float64Array.from({ length: n }, (_, i) => (i < 5 ? 1 - 0.01 * i : 0.9 * (1 - i / n)));
  const tol = 1e-9;

  it("passes when nothing at or above the smallest locked value is left; θ approaches the top of the rest", () => {
    const lam = base();
    const { op, u } = rotatedDiagonal(lam, 3);
    const Y = eigvecs(u, [0, 1, 2, 3, 4]);
    let steps = 0;
    const r = krylovCheck(
      (x, y) => {
        steps++;
        op.apply(x, y);
      },
      n,
      Y,
      5,
      0.96,
      tol,
      10 * tol,
      createRng(1),
      400,
    );
    expect(r.status).toBe("pass");
    expect(r.steps).toBe(steps);
    // The top of the rest is lam[5]; a Ritz value never exceeds it (up to rounding).
    expect(r.theta).toBeLessThanOrEqual(lam[5] + 1e-12);
    expect(lam[5] - r.theta).toBeLessThan(1e-4);
  });

  it("reports 'found' when a copy of a locked value is missing (above or exactly at the threshold)", () => {
    for (const copyOf of [0, 4]) {
      const lam = base();
      lam[10] = lam[copyOf]; // an unlocked eigenvector with a wanted eigenvalue
      const { op, u } = rotatedDiagonal(lam, 7);
      const Y = eigvecs(u, [0, 1, 2, 3, 4]);
      const r = krylovCheck(op.apply, n, Y, 5, 0.96, tol, 10 * tol, createRng(2), 400);
      expect(r.status).toBe("found");
      expect(r.theta).toBeGreaterThan(0.96 - 1e-8);
    }
  });
});

describe("lanczosEigs: a copy the single-vector Krylov space cannot see is recovered", () => {
  it("λ = 1, 0.9, 0.9, 0.8, …: nev = 3 returns both copies of 0.9 (not 0.8)", () => {
    const n = 500;
    const lam = Float64Array.from({ length: n }, (_, i) =>
      i === 0 ? 1 : i <= 2 ? 0.9 : 0.8 * (1 - (i - 3) / n),
    );
    const { op } = rotatedDiagonal(lam, 11);
    const r = lanczosEigs(op, 3, { seed: 5 });
    const want = [1, 0.9, 0.9];
    for (let j = 0; j < 3; j++) expect(Math.abs(r.values[j] - want[j])).toBeLessThan(1e-10);
    for (let j = 0; j < 3; j++) expect(r.residuals[j]).toBeLessThanOrEqual(1e-9);
  });
});
