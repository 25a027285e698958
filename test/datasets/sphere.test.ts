import { describe, expect, it } from "vitest";
import { sphere } from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";

describe("sphere", () => {
  it("Fibonacci: unit norm to 1e-15 and z_i = 1 − 2(i + ½)/n", () => {
    const n = 4000;
    const { points } = sphere({ n });
    expect(points.rows).toBe(n);
    expect(points.cols).toBe(3);
    for (let i = 0; i < n; i++) {
      const [x, y, z] = points.data.subarray(3 * i, 3 * i + 3);
      expect(Math.abs(Math.hypot(x, y, z) - 1)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(z - (1 - (2 * (i + 0.5)) / n))).toBeLessThan(1e-15);
    }
  });

  it("Fibonacci is near-uniform: Archimedes' bands and hemispheres in any direction hold n·area/4π ± 1%", () => {
    const n = 4000;
    const { points } = sphere({ n });
    // Centroid ≈ 0: the golden-angle spiral is balanced.
    let cx = 0;
    let cy = 0;
    let cz = 0;
    for (let i = 0; i < n; i++) {
      cx += points.data[3 * i];
      cy += points.data[3 * i + 1];
      cz += points.data[3 * i + 2];
    }
    expect(Math.hypot(cx, cy, cz) / n).toBeLessThan(1e-3);
    // Caps around a few directions: area fraction (1 − cos α)/2.
    const dirs = [
      [1, 0, 0],
      [0, 1, 0],
      [0.6, 0, 0.8],
      [-0.48, 0.6, 0.64],
    ];
    for (const d of dirs) {
      for (const cosAlpha of [0.9, 0.5, 0]) {
        let inside = 0;
        for (let i = 0; i < n; i++) {
          const dot =
            d[0] * points.data[3 * i] +
            d[1] * points.data[3 * i + 1] +
            d[2] * points.data[3 * i + 2];
          if (dot > cosAlpha) inside++;
        }
        expect(Math.abs(inside / n - (1 - cosAlpha) / 2)).toBeLessThan(0.01);
      }
    }
  });

  it("random: unit norm, seeded, zero mean", () => {
    const n = 20_000;
    const { points } = sphere({ n, sampling: "random", seed: 2 });
    let mz = 0;
    for (let i = 0; i < n; i++) {
      const [x, y, z] = points.data.subarray(3 * i, 3 * i + 3);
      expect(Math.abs(Math.hypot(x, y, z) - 1)).toBeLessThanOrEqual(1e-15);
      mz += z;
    }
    // z is uniform on [−1, 1] (Archimedes): standard error 1/√(3n).
    expect(Math.abs(mz / n)).toBeLessThan(5 / Math.sqrt(3 * n));
    expect(sphere({ n: 10, sampling: "random", seed: 2 }).points.data).toEqual(
      points.data.subarray(0, 30),
    );
    expect(sphere({ n: 10, sampling: "random", seed: 3 }).points.data).not.toEqual(
      points.data.subarray(0, 30),
    );
  });

  it("rejects a missing seed for random sampling and bad n", () => {
    expect(() => sphere({ n: 10, sampling: "random" })).toThrow(ManifoldError);
    expect(() => sphere({ n: -1 })).toThrow(/n must be an integer >= 1/);
  });
});
