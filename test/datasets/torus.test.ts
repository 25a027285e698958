import { describe, expect, it } from "vitest";
import { embeddedTorus, flatTorus, PLASTIC_NUMBER } from "../../src/datasets/index.js";
import { codeOf } from "../shared/errors.js";

const TWO_PI = 2 * Math.PI;

function expectPairsOnCircles(data: Float64Array, tol: number): void {
  for (let t = 0; t < data.length; t += 2) {
    expect(Math.abs(data[t] * data[t] + data[t + 1] * data[t + 1] - 1)).toBeLessThanOrEqual(tol);
  }
}

describe("flatTorus", () => {
  it("uses the plastic number g, the real root of g³ = g + 1", () => {
    const g = PLASTIC_NUMBER;
    expect(Math.abs(g ** 3 - g - 1)).toBeLessThan(1e-15);
  });

  it("Kronecker: (cos a)² + (sin a)² = 1 in each coordinate pair, and matches numpy's angles", () => {
    const { points, a, b } = flatTorus({ n: 5000 });
    expect(points.rows).toBe(5000);
    expect(points.cols).toBe(4);
    expectPairsOnCircles(points.data, 4e-16);
    // Reference values from numpy: 2π·((i/g) % 1), 2π·((i/g**2) % 1).
    const ref: [number, number, number][] = [
      [1, 4.743036261279236, 3.5804121438379077],
      [2, 3.202887215378884, 0.8776389804962295],
      [7, 1.785327293056714, 6.2133290853265954],
      [100, 3.0647280894545803, 6.182837181733936],
      [4999, 3.9801061463196223, 3.96855219823988],
    ];
    expect(a[0]).toBe(0);
    expect(b[0]).toBe(0);
    for (const [i, ai, bi] of ref) {
      expect(Math.abs(a[i] - ai)).toBeLessThan(1e-12);
      expect(Math.abs(b[i] - bi)).toBeLessThan(1e-12);
      expect(points.data[4 * i]).toBeCloseTo(Math.cos(ai), 12);
      expect(points.data[4 * i + 3]).toBeCloseTo(Math.sin(bi), 12);
    }
  });

  it("Kronecker is low-discrepancy: every cell of a 10×10 grid holds N/100 ± 6 points", () => {
    // Independent uniform points would miss by ~±7 (1σ) and by ±20 somewhere; the plastic-number
    // sequence keeps every cell within a few points of 50.
    const n = 5000;
    const { a, b } = flatTorus({ n });
    const counts = new Int32Array(100);
    for (let i = 0; i < n; i++) {
      counts[Math.floor((a[i] / TWO_PI) * 10) * 10 + Math.floor((b[i] / TWO_PI) * 10)]++;
    }
    for (const c of counts) expect(Math.abs(c - n / 100)).toBeLessThanOrEqual(6);
  });

  it("grid [70, 72]: 5040 points, angles spaced 2π/70 and 2π/72, every (i, j) once", () => {
    const { points, a, b } = flatTorus({ sampling: "grid", gridShape: [70, 72] });
    expect(points.rows).toBe(5040);
    expectPairsOnCircles(points.data, 4e-16);
    const seen = new Set<number>();
    for (let t = 0; t < 5040; t++) {
      const i = (a[t] / TWO_PI) * 70 - 0.5;
      const j = (b[t] / TWO_PI) * 72 - 0.5;
      expect(Math.abs(i - Math.round(i))).toBeLessThan(1e-10);
      expect(Math.abs(j - Math.round(j))).toBeLessThan(1e-10);
      seen.add(Math.round(i) * 72 + Math.round(j));
    }
    expect(seen.size).toBe(5040);
    // Default shape for n = 5040 is the factorisation closest to square.
    const byN = flatTorus({ sampling: "grid", n: 5040 });
    expect(byN.points.data).toEqual(points.data);
  });

  it("random: seeded, uniform angles, pairs on circles", () => {
    const x = flatTorus({ n: 2000, sampling: "random", seed: 1 });
    const y = flatTorus({ n: 2000, sampling: "random", seed: 1 });
    const z = flatTorus({ n: 2000, sampling: "random", seed: 2 });
    expect(x.points.data).toEqual(y.points.data);
    expect(x.points.data).not.toEqual(z.points.data);
    expectPairsOnCircles(x.points.data, 4e-16);
    // E[cos a] = 0 with standard error 1/√(2n).
    let s = 0;
    for (let i = 0; i < 2000; i++) s += x.points.data[4 * i];
    expect(Math.abs(s / 2000)).toBeLessThan(5 / Math.sqrt(4000));
  });

  it("rejects bad options", () => {
    expect(codeOf(() => flatTorus({ n: 0 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => flatTorus({ n: 10, sampling: "random" }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => flatTorus({ n: 97, sampling: "grid" }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => flatTorus({ n: 100, sampling: "grid", gridShape: [70, 72] }))).toBe(
      "INVALID_PARAMETER",
    );
    expect(() => flatTorus({ n: 97, sampling: "grid" })).toThrow(/gridShape/);
  });
});

describe("embeddedTorus", () => {
  it("lies on the torus: (√(x² + y²) − R)² + z² = r², with the given angles", () => {
    for (const [R, r] of [
      [2, 1],
      [5, 0.5],
    ]) {
      const { points, a, b } = embeddedTorus({ n: 3000, R, r, seed: 7 });
      expect(points.cols).toBe(3);
      for (let i = 0; i < 3000; i++) {
        const [x, y, z] = points.data.subarray(3 * i, 3 * i + 3);
        const rho = Math.hypot(x, y);
        expect(Math.abs((rho - R) ** 2 + z * z - r * r)).toBeLessThan(1e-13);
        expect(Math.atan2(z, rho - R)).toBeCloseTo(a[i] > Math.PI ? a[i] - TWO_PI : a[i], 10);
        expect(Math.atan2(y, x)).toBeCloseTo(b[i] > Math.PI ? b[i] - TWO_PI : b[i], 10);
      }
    }
  });

  it("is seeded, and rejects R ≤ r and a missing seed", () => {
    const p = embeddedTorus({ n: 50, seed: 1 }).points.data;
    expect(embeddedTorus({ n: 50, seed: 1 }).points.data).toEqual(p);
    expect(embeddedTorus({ n: 50, seed: 2 }).points.data).not.toEqual(p);
    expect(codeOf(() => embeddedTorus({ n: 50, R: 1, r: 1, seed: 1 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => embeddedTorus({ n: 50 } as { n: number; seed: number }))).toBe(
      "INVALID_PARAMETER",
    );
  });
});
