import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random/index.js";

describe("createRng", () => {
  it("is deterministic given the seed and differs across seeds", () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xa = Array.from({ length: 20 }, () => a.uniform());
    const xb = Array.from({ length: 20 }, () => b.uniform());
    const xc = Array.from({ length: 20 }, () => c.uniform());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it("uniform has mean 1/2 and variance 1/12; normal has mean 0 and variance 1", () => {
    const rng = createRng(123);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let g = 0;
    let g2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      s += u;
      s2 += u * u;
      const z = rng.normal();
      g += z;
      g2 += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    // Standard errors: uniform mean 6.5e-4, normal mean 2.2e-3, normal variance 3.2e-3.
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * 6.5e-4);
    expect(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(2e-3);
    expect(Math.abs(g / n)).toBeLessThan(5 * 2.2e-3);
    expect(Math.abs(g2 / n - 1)).toBeLessThan(5 * 3.2e-3);
  });

  it("int(n) covers [0, n) uniformly", () => {
    const rng = createRng(5);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});
