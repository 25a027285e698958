import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import { distance, type GrassmannMetric } from "../../src/grassmann/index.js";
import {
  det,
  frob,
  mul,
  mulT,
  planted,
  projector,
  randomBasis,
  randomOrthogonal,
  sub,
} from "./helpers.js";

const METRICS: GrassmannMetric[] = [
  "geodesic",
  "chordal",
  "projection",
  "procrustes",
  "fubiniStudy",
];

function closedForm(theta: number[], metric: GrassmannMetric): number {
  switch (metric) {
    case "geodesic":
      return Math.hypot(...theta);
    case "chordal":
      return Math.hypot(...theta.map(Math.sin));
    case "projection":
      return Math.max(...theta.map(Math.sin));
    case "procrustes":
      return 2 * Math.hypot(...theta.map((t) => Math.sin(t / 2)));
    case "fubiniStudy":
      return Math.acos(theta.reduce((p, t) => p * Math.cos(t), 1));
  }
}

describe("distance", () => {
  it("matches the closed forms on planted angles (1e-12 abs, tiny angles included)", () => {
    const theta = [1e-9, 1e-5, 0.1, 0.5, 1.2];
    const { A, B } = planted(theta, 16, 5, 3);
    for (const m of METRICS) {
      expect(Math.abs(distance(A, B, m) - closedForm(theta, m))).toBeLessThan(1e-12);
    }
    // a single tiny angle: every distance ≈ 1e-9 (fubiniStudy keeps its digits too)
    const tiny = planted([1e-9], 6, 1, 4);
    for (const m of METRICS) {
      expect(Math.abs(distance(tiny.A, tiny.B, m) - 1e-9)).toBeLessThan(1e-15);
    }
  });

  it("geodesic is the default metric, and each metric is symmetric and basis-independent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 4 }), (seed, p) => {
        const A = randomBasis(seed, 12, p);
        const B = randomBasis(seed + 1, 12, p);
        expect(distance(A, B)).toBe(distance(A, B, "geodesic"));
        const AR = mul(A, randomOrthogonal(seed + 2, p));
        for (const m of METRICS) {
          const d = distance(A, B, m);
          expect(Math.abs(distance(B, A, m) - d)).toBeLessThan(1e-13);
          expect(Math.abs(distance(AR, B, m) - d)).toBeLessThan(1e-12);
        }
      }),
      { seed: 17, numRuns: 40 },
    );
  });

  it("agrees with naive matrix formulas for chordal, procrustes and Fubini–Study", () => {
    for (const seed of [5, 6, 7]) {
      const A = randomBasis(seed, 9, 3);
      const B = randomBasis(seed + 10, 9, 3);
      // chordal = |AAᵀ − BBᵀ|_F / √2
      expect(
        Math.abs(distance(A, B, "chordal") - frob(sub(projector(A), projector(B))) / Math.SQRT2),
      ).toBeLessThan(1e-12);
      // Fubini–Study = arccos |det(AᵀB)|
      expect(
        Math.abs(distance(A, B, "fubiniStudy") - Math.acos(Math.abs(det(mulT(A, B))))),
      ).toBeLessThan(1e-10);
      // procrustes = min over orthogonal R of |AR − B|_F ≤ |A·I − B|_F for any R we try
      const dp = distance(A, B, "procrustes");
      for (let s = 0; s < 20; s++) {
        expect(frob(sub(mul(A, randomOrthogonal(100 + s, 3)), B))).toBeGreaterThanOrEqual(
          dp - 1e-12,
        );
      }
    }
  });

  it("rejects an unknown metric with INVALID_PARAMETER", () => {
    const A = randomBasis(1, 5, 2);
    expect(() => distance(A, A, "frobenius" as GrassmannMetric)).toThrow(ManifoldError);
    expect(() => distance(A, A, "frobenius" as GrassmannMetric)).toThrow(/metric must be one of/);
  });
});
