/** The slope rule: S(ε) against direct sums, the chosen ε, and the dimension it reads off. */
import { describe, expect, it } from "vitest";
import { tuneBandwidth } from "../../src/cidm/index.js";
import { createRng } from "../../src/random/index.js";
import { codeOf } from "../shared/errors.js";

describe("tuneBandwidth", () => {
  it("log S(ε) equals the direct sum Σ exp(−δ²/ε) (1e-12) and ε is the midpoint of the steepest interval", () => {
    const rng = createRng(9);
    const d = new Float64Array(20_000);
    for (let i = 0; i < d.length; i++) d[i] = i % 20 === 0 ? 0 : 10 * rng.uniform() ** 3;
    const t = tuneBandwidth(d);
    expect(t.grid.length).toBe(65);
    for (let g = 0; g < t.grid.length; g++) {
      let s = 0;
      for (const x of d) s += Math.exp(-x / t.grid[g]);
      expect(Math.abs(t.logS[g] - Math.log(s))).toBeLessThan(1e-12);
    }
    let best = 0;
    for (let g = 1; g < t.slopes.length; g++) if (t.slopes[g] > t.slopes[best]) best = g;
    expect(t.eps).toBeCloseTo(Math.sqrt(t.grid[best] * t.grid[best + 1]), 12);
    expect(t.intrinsicDim).toBe(2 * t.slopes[best]);
    // a step that is not a whole fraction of an octave takes the exponential path: same answer
    const u = tuneBandwidth(d, { step: 0.25 + 1e-12 });
    expect(Math.abs(u.intrinsicDim - t.intrinsicDim)).toBeLessThan(1e-8);
  });

  it("reads the dimension off pairs of a d-dimensional lattice: slope ≈ d/2", () => {
    // δ² = |m|² over integer vectors m in a large box: S(ε) ≈ (πε)^{d/2} where ε ≫ 1.
    for (const dim of [1, 2, 3]) {
      const side = dim === 1 ? 4001 : dim === 2 ? 121 : 31;
      const half = (side - 1) / 2;
      const vals: number[] = [];
      const rec = (k: number, acc: number) => {
        if (k === dim) {
          vals.push(acc);
          return;
        }
        for (let m = -half; m <= half; m++) rec(k + 1, acc + m * m);
      };
      rec(0, 0);
      const t = tuneBandwidth(Float64Array.from(vals), { minLog2: -2, maxLog2: 5 });
      expect(Math.abs(t.intrinsicDim - dim)).toBeLessThan(0.05);
    }
  });

  it("rejects no pairs, negative or non-finite δ² and a bad grid", () => {
    expect(codeOf(() => tuneBandwidth([]))).toBe("EMPTY_INPUT");
    expect(codeOf(() => tuneBandwidth([1, -1]))).toBe("NON_FINITE");
    expect(codeOf(() => tuneBandwidth([1, Number.NaN]))).toBe("NON_FINITE");
    expect(codeOf(() => tuneBandwidth([1], { minLog2: 2, maxLog2: 1 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => tuneBandwidth([1], { step: 0 }))).toBe("INVALID_PARAMETER");
  });
});
