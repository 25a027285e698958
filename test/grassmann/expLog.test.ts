import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import {
  distance,
  exp,
  geodesic,
  log,
  principalAngles,
  projectToTangent,
} from "../../src/grassmann/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { createRng } from "../../src/random/index.js";
import { frob, gaussian, maxAbsDiff, mul, mulT, planted, randomOrthogonal } from "./helpers.js";

/** Planted pair with angles θ, X given in a randomly rotated basis. */
function pair(theta: number[], n: number, seed: number): { Y: Matrix; X: Matrix } {
  const { A, B } = planted(theta, n, theta.length, seed);
  return { Y: A, X: mul(B, randomOrthogonal(seed + 1000, theta.length)) };
}

function randomTangent(Y: Matrix, seed: number, scale: number): Matrix {
  const Z = gaussian(createRng(seed), Y.rows, Y.cols);
  const D = projectToTangent(Y, Z);
  const f = frob(D);
  return { rows: D.rows, cols: D.cols, data: D.data.map((v) => (v * scale) / f) };
}

describe("log", () => {
  it("|Log_Y X|_F equals the geodesic distance and its singular values are the angles", () => {
    const theta = [1e-9, 0.2, 0.7, 1.3];
    const { Y, X } = pair(theta, 15, 1);
    const D = log(Y, X);
    expect(Math.abs(frob(D) - Math.hypot(...theta))).toBeLessThan(1e-12);
    expect(Math.abs(frob(D) - distance(Y, X))).toBeLessThan(1e-12);
    // horizontal: YᵀΔ = 0
    expect(Math.max(...mulT(Y, D).data.map(Math.abs))).toBeLessThan(1e-13);
    // ΔᵀΔ has eigenvalues θ²: its trace and the trace of its square
    const G = mulT(D, D);
    let tr = 0;
    for (let j = 0; j < 4; j++) tr += G.data[j * 5];
    expect(Math.abs(tr - theta.reduce((s, t) => s + t * t, 0))).toBeLessThan(1e-12);
    expect(Math.abs(frob(G) - Math.hypot(...theta.map((t) => t * t)))).toBeLessThan(1e-12);
  });

  it("Log_Y(Y) = 0 and Log is independent of the basis of X", () => {
    const { Y, X } = pair([0.1, 0.4], 8, 2);
    expect(Math.max(...log(Y, Y).data.map(Math.abs))).toBeLessThan(1e-15);
    const D1 = log(Y, X);
    const D2 = log(Y, mul(X, randomOrthogonal(9, 2)));
    expect(maxAbsDiff(D1.data, D2.data)).toBeLessThan(1e-12);
  });

  it("refuses the cut locus with INVALID_PARAMETER naming the angle that is π/2", () => {
    const { Y, X } = pair([0.3, Math.PI / 2], 6, 3);
    expect(() => log(Y, X)).toThrow(ManifoldError);
    expect(() => log(Y, X)).toThrow(/cut locus.*principal angle 2 \(of 2\) is π\/2/);
    expect(() => geodesic(Y, X)).toThrow(/cut locus/);
  });

  it("requires the same p", () => {
    const { A, B } = planted([0.1], 6, 2, 4);
    try {
      log(A, B);
      throw new Error("no throw");
    } catch (e) {
      expect((e as ManifoldError).code).toBe("DIMENSION_MISMATCH");
    }
  });
});

describe("exp", () => {
  it("exp(Y, log(Y, X)) spans X (angles ≤ 1e-10), for random pairs (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 8, max: 25 }),
        (seed, p, n) => {
          const rng = createRng(seed);
          const theta = Array.from({ length: p }, () => rng.uniform() * 1.5);
          const { Y, X } = pair(theta, n, seed);
          const Z = exp(Y, log(Y, X));
          expect(Math.max(...principalAngles(Z, X))).toBeLessThan(1e-10);
        },
      ),
      { seed: 23, numRuns: 50 },
    );
  });

  it("moves along a geodesic: θ(Y, exp(Y, tΔ)) = t·σ(Δ) for |tΔ|₂ < π/2, and log inverts exp", () => {
    const { Y } = pair([0, 0, 0], 10, 5);
    const D = randomTangent(Y, 6, 1.2);
    const sv = principalAngles(Y, exp(Y, D)); // = singular values of Δ (all < π/2 here)
    for (const t of [0.25, 0.5, 1]) {
      const X = exp(Y, D, t);
      expect(
        maxAbsDiff(
          principalAngles(Y, X),
          Array.from(sv, (s) => s * t),
        ),
      ).toBeLessThan(1e-12);
      expect(
        maxAbsDiff(
          log(Y, X).data,
          D.data.map((v) => v * t),
        ),
      ).toBeLessThan(1e-11);
    }
    expect(Math.abs(frob(D) - Math.hypot(...sv))).toBeLessThan(1e-12);
  });

  it("exp(Y, 0) = Y exactly (same basis) and the result is orthonormal", () => {
    const { Y } = pair([0, 0], 7, 7);
    const Z = exp(Y, { rows: 7, cols: 2, data: new Float64Array(14) });
    expect(maxAbsDiff(Z.data, Y.data)).toBeLessThan(1e-15);
    const X = exp(Y, randomTangent(Y, 8, 3.0));
    expect(maxAbsDiff(mulT(X, X).data, [1, 0, 0, 1])).toBeLessThan(1e-14);
  });

  it("rejects a non-tangent Delta and a non-finite t with INVALID_PARAMETER", () => {
    const { Y } = pair([0, 0], 7, 9);
    expect(() => exp(Y, Y)).toThrow(/not tangent.*projectToTangent/);
    expect(() => exp(Y, randomTangent(Y, 1, 1), Number.NaN)).toThrow(ManifoldError);
  });

  it("projectToTangent gives YᵀP = 0 and is idempotent", () => {
    const { Y } = pair([0, 0, 0], 9, 10);
    const Z = gaussian(createRng(3), 9, 3);
    const P = projectToTangent(Y, Z);
    expect(Math.max(...mulT(Y, P).data.map(Math.abs))).toBeLessThan(1e-14);
    expect(maxAbsDiff(projectToTangent(Y, P).data, P.data)).toBeLessThan(1e-14);
  });
});

describe("geodesic", () => {
  it("starts at Y, ends at X, and its midpoint is equidistant (d/2 from each end)", () => {
    for (const [theta, seed] of [
      [[1e-9, 0.3, 1.0], 11],
      [[0.5, 0.5, 1.4], 12],
    ] as const) {
      const { Y, X } = pair([...theta], 14, seed);
      const g = geodesic(Y, X);
      expect(maxAbsDiff(g(0).data, Y.data)).toBeLessThan(1e-15);
      expect(Math.max(...principalAngles(g(1), X))).toBeLessThan(1e-12);
      const mid = g(0.5);
      const d = distance(Y, X);
      expect(Math.abs(distance(mid, Y) - d / 2)).toBeLessThan(1e-12);
      expect(Math.abs(distance(mid, X) - d / 2)).toBeLessThan(1e-12);
      // constant speed: angles between γ(s) and γ(t) are |s − t|·θ
      expect(
        maxAbsDiff(
          principalAngles(g(0.2), g(0.9)),
          theta.map((t) => 0.7 * t),
        ),
      ).toBeLessThan(1e-12);
    }
  });
});
