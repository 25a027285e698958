/**
 * SEC on small, coarsely sampled circles with the documented defaults (cidm's 20 eigenpairs,
 * secFields' n1 = 6, n2 = all): the harmonic field of S¹ is the unit tangent ∂θ whatever the
 * sampling, so the first field must be tangent with |v| ≈ 1, in the stored values and through
 * evaluateFields. With ξ = 1 − λ as Laplacian eigenvalues (which saturate on the higher modes of
 * a coarse kernel) the first field came back normal to the circle with |v| ≈ 0.1–0.17.
 * Also: parameters the basis cannot resolve are refused, never answered with a wrong field.
 */
import { describe, expect, it } from "vitest";
import { type CidmModel, cidm } from "../../src/cidm/index.js";
import { circle } from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import { evaluateFields, secFields } from "../../src/sec/index.js";
import { fourierCircle } from "./fourier.js";

function expectCode(fn: () => unknown, code: string, text?: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifoldError);
    expect((e as ManifoldError).code).toBe(code);
    if (text) expect((e as ManifoldError).message).toMatch(text);
    return;
  }
  throw new Error(`expected ManifoldError ${code}`);
}

/** Σ_s (v·T)² / Σ_s |v|² and the mean |v| of field 0 (layout `values[s·2 + t]`). */
function tangency(v: Float64Array, theta: Float64Array): { fraction: number; meanLength: number } {
  let num = 0;
  let den = 0;
  let len = 0;
  for (let s = 0; s < theta.length; s++) {
    const d = -Math.sin(theta[s]) * v[2 * s] + Math.cos(theta[s]) * v[2 * s + 1];
    num += d * d;
    den += v[2 * s] ** 2 + v[2 * s + 1] ** 2;
    len += Math.hypot(v[2 * s], v[2 * s + 1]);
  }
  return { fraction: num / den, meanLength: len / theta.length };
}

describe("SEC harmonic field on coarsely sampled circles (cidm defaults, secFields defaults)", () => {
  // (N, k): the two reported cases, the one that worked, and coarser / denser neighbours.
  const cases: [number, number][] = [
    [60, 8],
    [200, 16],
    [100, 10],
    [40, 6],
    [400, 32],
  ];
  for (const [N, k] of cases) {
    it(`N = ${N}, k = ${k}: field 0 tangent (≥ 0.99), mean |v| within 3% of 1, μ_0 ≈ 0`, () => {
      const data = circle({ n: N });
      const model = cidm(data.points, { k });
      const sec = secFields(model);
      expect(sec.spectrum).toBe("log-markov");
      expect(Math.abs(sec.mu[0])).toBeLessThan(0.05);
      for (const v of [sec.values!, evaluateFields(sec, model, data.points, { nFields: 1 })]) {
        const { fraction, meanLength } = tangency(v, data.theta);
        expect(fraction).toBeGreaterThanOrEqual(0.99);
        expect(Math.abs(meanLength - 1)).toBeLessThan(0.03);
      }
    });
  }

  it("N = 60, k = 8 on a warped grid (warp 0.5): still tangent, mean |v| within 5% of 1", () => {
    const data = circle({ n: 60, warp: 0.5 });
    const sec = secFields(cidm(data.points, { k: 8 }));
    const { fraction, meanLength } = tangency(sec.values!, data.theta);
    expect(fraction).toBeGreaterThanOrEqual(0.99);
    expect(Math.abs(meanLength - 1)).toBeLessThan(0.05);
  });

  it("the Laplacian eigenvalues −log λ / −log λ_1 follow j² where ξ_j/ξ_1 saturates (N = 60, k = 8)", () => {
    const model = cidm(circle({ n: 60 }).points, { k: 8 });
    const sec = secFields(model);
    // Circle: eigenvalue pairs 1, 1, 4, 4, 9, 9, … (index 2j − 1 and 2j have frequency j).
    for (let j = 1; 2 * j < sec.n2; j++) {
      expect(Math.abs(sec.laplacian[2 * j - 1] / (j * j) - 1)).toBeLessThan(0.03);
    }
    // ξ_11/ξ_1 is far below 36 on this kernel: the reason ξ cannot be used.
    expect(model.xi[11] / model.xi[1]).toBeLessThan(0.8 * 36);
  });
});

describe("SEC refuses parameters the basis cannot resolve", () => {
  it("n2 that truncates the products φ_i φ_j: INVALID_PARAMETER naming n2 and n1", () => {
    // Exact Fourier basis φ_0..φ_8 (frequencies ≤ 4): with n1 = 7, φ_5 φ_6 = ½ sin 6θ is outside
    // the span, so its captured fraction is 0.
    const basis = fourierCircle(64, 9);
    expectCode(() => secFields(basis, { n1: 7, nFields: 2 }), "INVALID_PARAMETER", /Raise n2/);
    // The same products with enough eigenfunctions are fully captured.
    const ok = secFields(fourierCircle(64, 13), { n1: 7, nFields: 2 });
    expect(ok.productCapture).toBeGreaterThan(1 - 1e-12);
    // A CIDM model fitted with too few eigenpairs for n1 = 8 (products reach frequency 8).
    const model = cidm(circle({ n: 200 }).points, { k: 16, nEigs: 12 });
    expectCode(() => secFields(model, { n1: 8 }), "INVALID_PARAMETER", /nEigs/);
    expectCode(() => secFields(model, { minProductCapture: 2 }), "INVALID_PARAMETER");
  });

  it("default n2 stops at λ ≤ 1e-3; an explicit n2 reaching λ ≤ 0 is INVALID_PARAMETER", () => {
    const model: CidmModel = cidm(circle({ n: 60 }).points, { k: 8, nEigs: 60 });
    const sec = secFields(model, { nFields: 1 });
    expect(sec.n2).toBeLessThan(60);
    expect(model.lambda[sec.n2 - 1]).toBeGreaterThan(1e-3);
    expect(model.lambda[sec.n2]).toBeLessThanOrEqual(1e-3);
    const first = Array.from(model.lambda).findIndex((l) => l <= 0);
    expect(first).toBeGreaterThan(0);
    expectCode(() => secFields(model, { n2: first + 1 }), "INVALID_PARAMETER", /n2 ≤/);
  });

  it("lambda inconsistent with xi is INVALID_PARAMETER; dropping lambda uses ξ as given", () => {
    const model = cidm(circle({ n: 100 }).points, { k: 10 });
    const bad = { ...model, xi: model.xi.map((x) => 2 * x) };
    expectCode(() => secFields(bad), "INVALID_PARAMETER", /disagree/);
    const { lambda: _drop, ...plain } = model;
    const sec = secFields(plain);
    expect(sec.spectrum).toBe("xi");
    expect(sec.scale).toBe(model.xi[1]);
  });
});
