import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import {
  principalAngles,
  principalAnglesMany,
  principalVectors,
} from "../../src/grassmann/index.js";
import {
  at,
  columns,
  maxAbsDiff,
  mul,
  mulT,
  planted,
  projector,
  randomBasis,
  randomOrthogonal,
  sub,
} from "./helpers.js";

const PI2 = Math.PI / 2;
const PI4 = Math.PI / 4;
const GUIDE_SET = [1e-9, 1e-5, 0.1, 0.5, 1.2, PI2];

function expectCode(f: () => unknown, code: string, pattern?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifoldError);
    expect((e as ManifoldError).code).toBe(code);
    if (pattern) expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected ManifoldError ${code}`);
}

describe("principalAngles: planted angles after a random rotation", () => {
  it("recovers the GUIDE §10 mixed set (1e-9 … π/2) in R^20 to 1e-12 for several rotations", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { A, B } = planted(GUIDE_SET, 20, 6, seed);
      const theta = principalAngles(A, B);
      expect(maxAbsDiff(theta, GUIDE_SET)).toBeLessThan(1e-12);
      // the 1e-9 angle is not lost to the cosine formula (relative error below 1e-6)
      expect(Math.abs(theta[0] - 1e-9)).toBeLessThan(1e-15);
    }
  });

  it("recovers angles straddling π/4 (π/4 ± 1e-9) and tiny ones to 1e-12", () => {
    const set = [0, 1e-12, 1e-9, PI4 - 1e-9, PI4, PI4 + 1e-9, 1.5, PI2 - 1e-9];
    for (const seed of [11, 12, 13]) {
      const { A, B } = planted(set, 19, 8, seed);
      expect(maxAbsDiff(principalAngles(A, B), set)).toBeLessThan(1e-12);
    }
  });

  it("handles p ≠ q: min(p, q) angles in both argument orders, with extra columns in A", () => {
    const set = [1e-9, 0.3, 1.1];
    const { A, B } = planted(set, 17, 7, 21);
    expect(maxAbsDiff(principalAngles(A, B), set)).toBeLessThan(1e-12);
    expect(maxAbsDiff(principalAngles(B, A), set)).toBeLessThan(1e-12);
    // a 1-dimensional subspace inside span(A) has angle 0
    expect(principalAngles(A, columns(A, [3]))[0]).toBeLessThan(1e-15);
  });

  it("is 0 for identical subspaces and π/2 for orthogonal ones", () => {
    const Q = randomOrthogonal(5, 12);
    const A = columns(Q, [0, 1, 2]);
    const Ar = mul(A, randomOrthogonal(6, 3)); // same span, other basis
    expect(Math.max(...principalAngles(A, Ar))).toBeLessThan(1e-14);
    const B = columns(Q, [3, 4, 5, 6]);
    expect(maxAbsDiff(principalAngles(A, B), [PI2, PI2, PI2])).toBeLessThan(1e-14);
  });
});

describe("principalAngles: symmetry and invariances (fast-check, fixed seeds)", () => {
  const pair = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    n: fc.integer({ min: 4, max: 30 }),
    p: fc.integer({ min: 1, max: 4 }),
    q: fc.integer({ min: 1, max: 4 }),
  });

  it("θ(A, B) = θ(B, A), ascending, in [0, π/2]", () => {
    fc.assert(
      fc.property(pair, ({ seed, n, p, q }) => {
        const A = randomBasis(seed, n, p);
        const B = randomBasis(seed + 1, n, q);
        const t1 = principalAngles(A, B);
        const t2 = principalAngles(B, A);
        expect(t1.length).toBe(Math.min(p, q));
        expect(maxAbsDiff(t1, t2)).toBeLessThan(1e-13);
        for (let j = 0; j < t1.length; j++) {
          expect(t1[j]).toBeGreaterThanOrEqual(0);
          expect(t1[j]).toBeLessThanOrEqual(PI2);
          if (j > 0) expect(t1[j]).toBeGreaterThanOrEqual(t1[j - 1]);
        }
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  it("is invariant under A → AR (R orthogonal p×p) and (A, B) → (QA, QB) (Q orthogonal n×n)", () => {
    fc.assert(
      fc.property(pair, ({ seed, n, p, q }) => {
        const A = randomBasis(seed, n, p);
        const B = randomBasis(seed + 1, n, q);
        const t = principalAngles(A, B);
        const R = randomOrthogonal(seed + 2, p);
        expect(maxAbsDiff(principalAngles(mul(A, R), B), t)).toBeLessThan(1e-12);
        const Q = randomOrthogonal(seed + 3, n);
        expect(maxAbsDiff(principalAngles(mul(Q, A), mul(Q, B)), t)).toBeLessThan(1e-12);
      }),
      { seed: 8, numRuns: 60 },
    );
  });

  it("cosines match the singular values of AᵀB: Σ cos² θ = |AᵀB|_F²", () => {
    fc.assert(
      fc.property(pair, ({ seed, n, p, q }) => {
        const A = randomBasis(seed, n, p);
        const B = randomBasis(seed + 1, n, q);
        const M = mulT(A, B);
        let f2 = 0;
        for (const v of M.data) f2 += v * v;
        let c2 = 0;
        for (const t of principalAngles(A, B)) c2 += Math.cos(t) ** 2;
        expect(Math.abs(f2 - c2)).toBeLessThan(1e-12);
      }),
      { seed: 9, numRuns: 60 },
    );
  });
});

describe("principalAnglesMany", () => {
  it("equals principalAngles of each pair, for mixed q_i", () => {
    const A = randomBasis(31, 25, 4);
    const Bs = [randomBasis(32, 25, 4), randomBasis(33, 25, 2), randomBasis(34, 25, 6), A];
    const many = principalAnglesMany(A, Bs);
    expect(many.length).toBe(4);
    for (let i = 0; i < Bs.length; i++) {
      expect(Array.from(many[i])).toEqual(Array.from(principalAngles(A, Bs[i])));
    }
    expect(Math.max(...many[3])).toBeLessThan(1e-14);
  });

  it("recovers planted angles", () => {
    const { A, B } = planted(GUIDE_SET, 20, 6, 41);
    const [t] = principalAnglesMany(A, [B]);
    expect(maxAbsDiff(t, GUIDE_SET)).toBeLessThan(1e-12);
  });
});

describe("principalVectors", () => {
  it("returns paired orthonormal bases with UᵀV = diag(cos θ) and |v_j − u_j cos θ_j| = sin θ_j", () => {
    for (const [set, seed] of [
      [GUIDE_SET, 51],
      [[1e-9, 2e-9, PI4 - 1e-9, PI4 + 1e-9, 1], 52],
    ] as const) {
      const { A, B } = planted([...set], 20, set.length, seed);
      const { angles, U, V } = principalVectors(A, B);
      expect(maxAbsDiff(angles, set)).toBeLessThan(1e-12);
      const m = set.length;
      const I = Array.from({ length: m * m }, (_, t) => (t % (m + 1) === 0 ? 1 : 0));
      expect(maxAbsDiff(mulT(U, U).data, I)).toBeLessThan(1e-12);
      expect(maxAbsDiff(mulT(V, V).data, I)).toBeLessThan(1e-12);
      const C = mulT(U, V);
      for (let j = 0; j < m; j++) {
        for (let l = 0; l < m; l++) {
          const expected = j === l ? Math.cos(set[j]) : 0;
          expect(Math.abs(at(C, j, l) - expected)).toBeLessThan(1e-12);
        }
        // sine of each pair from the vectors themselves (accurate for tiny angles)
        let s2 = 0;
        const c = Math.cos(angles[j]);
        for (let i = 0; i < U.rows; i++) s2 += (at(V, i, j) - c * at(U, i, j)) ** 2;
        expect(Math.abs(Math.sqrt(s2) - Math.sin(set[j]))).toBeLessThan(1e-12);
      }
      // U ⊂ span(A), V ⊂ span(B)
      expect(Math.max(...sub(mul(projector(A), U), U).data.map(Math.abs))).toBeLessThan(1e-12);
      expect(Math.max(...sub(mul(projector(B), V), V).data.map(Math.abs))).toBeLessThan(1e-12);
    }
  });

  it("with p ≠ q, U lies in span(A) and V in span(B) in both orders", () => {
    const set = [1e-7, 0.4];
    const { A, B } = planted(set, 12, 5, 61);
    for (const [X, Y] of [
      [A, B],
      [B, A],
    ]) {
      const { angles, U, V } = principalVectors(X, Y);
      expect(maxAbsDiff(angles, set)).toBeLessThan(1e-12);
      expect(U.cols).toBe(2);
      expect(Math.max(...sub(mul(projector(X), U), U).data.map(Math.abs))).toBeLessThan(1e-12);
      expect(Math.max(...sub(mul(projector(Y), V), V).data.map(Math.abs))).toBeLessThan(1e-12);
    }
  });
});

describe("principalAngles: input validation", () => {
  it("NOT_ORTHONORMAL reports the measured defect and points to orthonormalize", () => {
    const A = randomBasis(71, 10, 3);
    const bad = mul(A, {
      rows: 3,
      cols: 3,
      data: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1.001]),
    });
    expectCode(() => principalAngles(bad, A), "NOT_ORTHONORMAL", /2\.00\de-3.*orthonormalize/);
    // a defect of 1e-10 is accepted (tolerance 1e-8)
    const ok = mul(A, {
      rows: 3,
      cols: 3,
      data: Float64Array.from([1 + 1e-10, 0, 0, 0, 1, 0, 0, 0, 1]),
    });
    expect(principalAngles(ok, A).length).toBe(3);
  });

  it("DIMENSION_MISMATCH for different ambient n and for p > n; EMPTY_INPUT; NON_FINITE", () => {
    expectCode(
      () => principalAngles(randomBasis(1, 10, 2), randomBasis(2, 11, 2)),
      "DIMENSION_MISMATCH",
      /R\^10.*R\^11/,
    );
    expectCode(() => principalAngles([[1, 0, 0]], [[1]]), "DIMENSION_MISMATCH");
    expectCode(() => principalAngles([], [[1]]), "EMPTY_INPUT");
    expectCode(() => principalAnglesMany([[1], [0]], []), "EMPTY_INPUT");
    expectCode(() => principalAngles([[Number.NaN], [0]], [[1], [0]]), "NON_FINITE");
  });

  it("does not mutate its inputs", () => {
    const { A, B } = planted(GUIDE_SET, 20, 6, 81);
    const a0 = Float64Array.from(A.data);
    const b0 = Float64Array.from(B.data);
    principalAngles(A, B);
    principalVectors(A, B);
    expect(Array.from(A.data)).toEqual(Array.from(a0));
    expect(Array.from(B.data)).toEqual(Array.from(b0));
  });
});
