/**
 * CIDM spectra against the Laplace–Beltrami truths of GUIDE §10. The ratios ξ_j/ξ_1 do not
 * depend on the sampling density (conformal invariance), so a wrong convention (ρ without the
 * self term, a one-sided support, a wrong normalisation) moves them by more than the tolerances.
 */
import { describe, expect, it } from "vitest";
import { cidm } from "../../src/cidm/index.js";
import { circle, flatTorus, sphere } from "../../src/datasets/index.js";
import { expectRatios, orthonormalityDefect, ratios } from "./helpers.js";

const CIRCLE = [1, 1, 4, 4, 9, 9, 16, 16, 25, 25];
const TORUS20 = [
  ...Array(4).fill(1),
  ...Array(4).fill(2),
  ...Array(4).fill(4),
  ...Array(8).fill(5),
];
const SPHERE = [...Array(3).fill(1), ...Array(5).fill(3), ...Array(7).fill(6)];

describe("CIDM on circle grids (GUIDE §10)", () => {
  for (const warp of [0, 0.8]) {
    for (const k of [16, 32]) {
      it(`warp ${warp}, N = 2000, k = ${k}: ratios within 1% of 1,1,4,4,…,25,25`, () => {
        const { points } = circle({ n: 2000, warp });
        const model = cidm(points, { k, nEigs: 11 });
        expectRatios(ratios(model, 10), CIRCLE, 0.01);
        expect(model.xi[0]).toBe(0);
        expect(orthonormalityDefect(model)).toBeLessThan(1e-10);
        expect(Math.abs(model.intrinsicDim - 1)).toBeLessThan(0.3);
      });
    }
  }

  it("warped grid, k = 16, κ = 32: ε ≈ 0.92, dimension 1.00, ratios within 0.3%", () => {
    const { points } = circle({ n: 2000, warp: 0.8 });
    const model = cidm(points, { k: 16, kernelNeighbors: 32, nEigs: 11 });
    expect(model.eps).toBeCloseTo(2 ** -0.125, 10);
    expect(Math.abs(model.intrinsicDim - 1)).toBeLessThan(0.02);
    expectRatios(ratios(model, 10), CIRCLE, 0.003);
  });

  it("random warped circle, N = 2000, k = 32: within 6%", () => {
    const { points } = circle({ n: 2000, warp: 0.8, sampling: "random", seed: 11 });
    const model = cidm(points, { k: 32, nEigs: 11 });
    expectRatios(ratios(model, 10), CIRCLE, 0.06);
  });
});

describe("CIDM on 2-manifolds (GUIDE §10)", () => {
  it("flat torus, Kronecker points N = 5000, k = 32: first 20 ratios within 3% of 1×4, 2×4, 4×4, 5×8", () => {
    const { points } = flatTorus({ n: 5000, sampling: "kronecker" });
    const model = cidm(points, { k: 32, nEigs: 21 });
    expectRatios(ratios(model, 20), TORUS20, 0.03);
    expect(Math.abs(model.intrinsicDim - 2)).toBeLessThan(0.3);
  });

  it("flat torus on a 70×72 grid, k = 32: every multiplicity in full, within 1%", () => {
    const { points } = flatTorus({ sampling: "grid", gridShape: [70, 72] });
    const model = cidm(points, { k: 32, nEigs: 21 });
    expectRatios(ratios(model, 20), TORUS20, 0.01);
  });

  it("Fibonacci sphere N = 4000, k = 32: ratios within 2% of 1×3, 3×5, 6×7", () => {
    const { points } = sphere({ n: 4000, sampling: "fibonacci" });
    const model = cidm(points, { k: 32, nEigs: 16 });
    expectRatios(ratios(model, 15), SPHERE, 0.02);
    expect(Math.abs(model.intrinsicDim - 2)).toBeLessThan(0.3);
    expect(orthonormalityDefect(model)).toBeLessThan(1e-10);
  });
});
