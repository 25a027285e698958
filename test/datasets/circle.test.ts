import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { circle } from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";

const TWO_PI = 2 * Math.PI;

function maxRadiusError(data: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < data.length; i += 2) {
    worst = Math.max(worst, Math.abs(Math.hypot(data[i], data[i + 1]) - 1));
  }
  return worst;
}

describe("circle", () => {
  it("puts every point on the unit circle to 1e-15, for any n, warp and sampling", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: -0.95, max: 0.95, noNaN: true }),
        fc.constantFrom("grid" as const, "random" as const),
        fc.integer(),
        (n, warp, sampling, seed) => {
          const { points, theta } = circle({ n, warp, sampling, seed });
          expect(points.rows).toBe(n);
          expect(points.cols).toBe(2);
          expect(theta.length).toBe(n);
          expect(maxRadiusError(points.data)).toBeLessThanOrEqual(1e-15);
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });

  it("spaces the unwarped grid by exactly 2π/n, starting at π/n", () => {
    const n = 2000;
    const { points, theta } = circle({ n });
    expect(theta[0]).toBeCloseTo(Math.PI / n, 15);
    for (let i = 1; i < n; i++)
      expect(Math.abs(theta[i] - theta[i - 1] - TWO_PI / n)).toBeLessThan(1e-13);
    // Chord between neighbours = 2 sin(π/n), for every consecutive pair (and the wrap-around).
    const chord = 2 * Math.sin(Math.PI / n);
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const d = Math.hypot(
        points.data[2 * i] - points.data[2 * j],
        points.data[2 * i + 1] - points.data[2 * j + 1],
      );
      expect(Math.abs(d - chord)).toBeLessThan(1e-13);
    }
  });

  it("warps the grid by θ = 2πu + w sin 2πu: monotone, one turn, density 1/(1 + w cos 2πu)", () => {
    const n = 4000;
    const warp = 0.8;
    const { points, theta } = circle({ n, warp });
    for (let i = 0; i < n; i++) {
      const u = (i + 0.5) / n;
      expect(Math.abs(theta[i] - TWO_PI * u - warp * Math.sin(TWO_PI * u))).toBeLessThan(1e-13);
      expect(points.data[2 * i]).toBeCloseTo(Math.cos(theta[i]), 15);
    }
    for (let i = 1; i < n; i++) expect(theta[i]).toBeGreaterThan(theta[i - 1]);
    expect(theta[n - 1] - theta[0]).toBeLessThan(TWO_PI);
    // Spacing dθ/di = (2π/n)(1 + w cos 2πu): densest at u = ½ (spacing ×0.2), sparsest at u = 0 (×1.8).
    const mid = n / 2;
    expect((theta[mid] - theta[mid - 1]) / (TWO_PI / n)).toBeCloseTo(1 - warp, 4);
    expect((theta[1] - theta[0]) / (TWO_PI / n)).toBeCloseTo(1 + warp, 4);
  });

  it("samples u uniformly when random: every tenth of the circle gets n/10 ± 5σ points", () => {
    const n = 20_000;
    const { theta } = circle({ n, sampling: "random", seed: 5 });
    const counts = new Array(10).fill(0);
    for (const t of theta) {
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThan(TWO_PI);
      counts[Math.floor((t / TWO_PI) * 10)]++;
    }
    const sigma = Math.sqrt(n * 0.1 * 0.9);
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(5 * sigma);
  });

  it("is deterministic for a seed, differs across seeds, and noise keeps the angles", () => {
    const a = circle({ n: 100, sampling: "random", seed: 3 });
    const b = circle({ n: 100, sampling: "random", seed: 3 });
    const c = circle({ n: 100, sampling: "random", seed: 4 });
    expect(a.points.data).toEqual(b.points.data);
    expect(a.points.data).not.toEqual(c.points.data);
    const noisy = circle({ n: 100, sampling: "random", seed: 3, noise: 0.1 });
    expect(noisy.theta).toEqual(a.theta);
    for (let i = 0; i < 100; i++) {
      const r = Math.hypot(noisy.points.data[2 * i], noisy.points.data[2 * i + 1]);
      // Same direction as the noise-free point: the noise is radial.
      expect(noisy.points.data[2 * i] / r).toBeCloseTo(a.points.data[2 * i], 12);
      expect(noisy.points.data[2 * i + 1] / r).toBeCloseTo(a.points.data[2 * i + 1], 12);
    }
  });

  it("has radial noise r = 1 + σN(0, 1): mean 1, standard deviation σ", () => {
    const n = 40_000;
    const sigma = 0.15;
    const { points } = circle({ n, noise: sigma, seed: 9 });
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      // Signed radius along the grid direction (r may be negative for huge noise; not here).
      const r = Math.hypot(points.data[2 * i], points.data[2 * i + 1]);
      s += r;
      s2 += r * r;
    }
    const mean = s / n;
    const sd = Math.sqrt(s2 / n - mean * mean);
    expect(Math.abs(mean - 1)).toBeLessThan((5 * sigma) / Math.sqrt(n));
    expect(Math.abs(sd / sigma - 1)).toBeLessThan(5 / Math.sqrt(2 * n));
  });

  it("rejects bad options with INVALID_PARAMETER", () => {
    const bad = [
      () => circle({ n: 0 }),
      () => circle({ n: 2.5 }),
      () => circle({ n: 10, warp: Number.NaN }),
      () => circle({ n: 10, noise: -1, seed: 1 }),
      () => circle({ n: 10, sampling: "random" }),
      () => circle({ n: 10, noise: 0.1 }),
      () => circle({ n: 10, sampling: "spiral" as "grid" }),
    ];
    for (const f of bad) {
      expect(f).toThrow(ManifoldError);
      try {
        f();
      } catch (e) {
        expect((e as ManifoldError).code).toBe("INVALID_PARAMETER");
      }
    }
    expect(() => circle({ n: 10, sampling: "random" })).toThrow(/seed/);
  });
});
