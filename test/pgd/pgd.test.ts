/**
 * On-manifold PGD (GUIDE §5): on a noisy circle with a linear classifier, the walk stays on the
 * circle and crosses the decision boundary; plain PGD with the same steps leaves the circle.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type CidmModel, cidm } from "../../src/cidm/index.js";
import { circle } from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import { onManifoldPGD } from "../../src/pgd/index.js";
import { type SecFields, secFields } from "../../src/sec/index.js";

const NOISE = 0.01;
/** Logistic classifier on the half-plane x > 0.3: label 1 there, 0 elsewhere. */
const classify = (x: Float64Array): number => (x[0] - 0.3 > 0 ? 1 : 0);
/** ∇ₓ of the logistic loss −log σ(x₁ − 0.3) of label 1: −(1 − σ)·e₁. */
const lossGradient = (x: Float64Array): number[] => [-(1 - 1 / (1 + Math.exp(-(x[0] - 0.3)))), 0];
const radialError = (x: ArrayLike<number>, o = 0): number =>
  Math.abs(Math.hypot(x[o], x[o + 1]) - 1);

describe("onManifoldPGD on a noisy circle with a linear classifier", () => {
  let model: CidmModel;
  let sec: SecFields;
  const x0 = [Math.cos(0.3), Math.sin(0.3)];

  beforeAll(() => {
    const data = circle({ n: 2000, warp: 0.8, noise: NOISE, seed: 3 });
    model = cidm(data.points, { k: 32, nEigs: 20 });
    sec = secFields(model, { n1: 6 });
  });

  it("every iterate stays within the noise level of the circle and the label changes; plain PGD leaves the circle", async () => {
    const stepSize = 0.05;
    const res = await onManifoldPGD({
      model,
      sec,
      x0,
      gradient: lossGradient,
      classify,
      stepSize,
      normalize: true,
      maxSteps: 100,
      dim: 1,
    });
    expect(res.labelChanged).toBe(true);
    expect(res.stopReason).toBe("label-changed");
    expect(res.labels[0]).toBe(1);
    expect(res.labels[res.steps]).toBe(0);
    expect(res.labels.slice(0, -1).every((l) => l === 1)).toBe(true);
    expect(res.path.rows).toBe(res.steps + 1);
    expect(Array.from(res.path.data.subarray(0, 2))).toEqual(x0);
    for (let s = 0; s < res.path.rows; s++)
      expect(radialError(res.path.data, 2 * s)).toBeLessThan(NOISE);
    expect(Array.from(res.x)).toEqual(Array.from(res.path.data.subarray(2 * res.steps)));
    // It walked along the circle: the angle grew from 0.3 past acos(0.3) ≈ 1.27.
    expect(Math.atan2(res.x[1], res.x[0])).toBeGreaterThan(Math.acos(0.3));

    // Plain PGD with the same normalised step: x ← x + α g/|g|, no projection.
    const x = Float64Array.from(x0);
    let worst = 0;
    let steps = 0;
    while (classify(x) === 1 && steps < 100) {
      const g = lossGradient(x);
      const norm = Math.hypot(g[0], g[1]);
      x[0] += (stepSize * g[0]) / norm;
      x[1] += (stepSize * g[1]) / norm;
      worst = Math.max(worst, radialError(x));
      steps++;
    }
    expect(classify(x)).toBe(0);
    expect(worst).toBeGreaterThan(0.3);
  });

  it("accepts async callbacks, a given label0, and recomputing the basis at every step", async () => {
    const res = await onManifoldPGD({
      model,
      sec,
      x0,
      label0: 1,
      gradient: async (x) => Float64Array.from(lossGradient(x)),
      classify: async (x) => classify(x),
      stepSize: 0.05,
      normalize: true,
      maxSteps: 100,
      dim: 1,
      recomputeBasis: true,
    });
    expect(res.labelChanged).toBe(true);
    for (let s = 0; s < res.path.rows; s++)
      expect(radialError(res.path.data, 2 * s)).toBeLessThan(NOISE);
  });

  it("without normalisation the step is α·P g; a budget too small stops with max-steps", async () => {
    const res = await onManifoldPGD({
      model,
      sec,
      x0,
      gradient: lossGradient,
      classify,
      stepSize: 0.01,
      maxSteps: 3,
      dim: 1,
    });
    expect(res.steps).toBe(3);
    expect(res.labelChanged).toBe(false);
    expect(res.stopReason).toBe("max-steps");
    // |P g| ≤ |g| < 1, so three steps of α = 0.01 move less than 0.03.
    const moved = Math.hypot(res.x[0] - x0[0], res.x[1] - x0[1]);
    expect(moved).toBeLessThan(0.03 + NOISE);
    for (const g of res.projectedGradientNorms) expect(g).toBeLessThan(1);
  });

  it("a gradient normal to the manifold projects to zero: the walk stops with zero-gradient", async () => {
    const res = await onManifoldPGD({
      model,
      sec,
      x0: [1, 0],
      label0: 1,
      gradient: () => [0, 0],
      classify,
      stepSize: 0.1,
      dim: 1,
    });
    expect(res.steps).toBe(0);
    expect(res.stopReason).toBe("zero-gradient");
  });

  it("rejects bad options and bad callback output", async () => {
    const base = { model, sec, x0, gradient: lossGradient, classify, dim: 1 };
    const codeOf = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        expect(e).toBeInstanceOf(ManifoldError);
        return (e as ManifoldError).code;
      }
      return "none";
    };
    expect(await codeOf(onManifoldPGD({ ...base, stepSize: 0 }))).toBe("INVALID_PARAMETER");
    expect(await codeOf(onManifoldPGD({ ...base, stepSize: 0.1, maxSteps: -1 }))).toBe(
      "INVALID_PARAMETER",
    );
    expect(await codeOf(onManifoldPGD({ ...base, stepSize: 0.1, x0: [1, 0, 0] }))).toBe(
      "DIMENSION_MISMATCH",
    );
    expect(await codeOf(onManifoldPGD({ ...base, stepSize: 0.1, gradient: () => [1] }))).toBe(
      "DIMENSION_MISMATCH",
    );
    expect(
      await codeOf(onManifoldPGD({ ...base, stepSize: 0.1, gradient: () => [Number.NaN, 0] })),
    ).toBe("NON_FINITE");
    expect(await codeOf(onManifoldPGD({ ...base, stepSize: 0.1, dim: 3 }))).toBe(
      "INVALID_PARAMETER",
    );
  });
});
