import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import { createRng } from "../../src/random/index.js";
import {
  argmaxRows,
  evaluateGenerators,
  fitSoftmax,
  fitVanishingIdeal,
  fitViClassifier,
  predict,
  pruneGenerators,
  softmaxProba,
} from "../../src/vanishing/index.js";

/** Grid on a unit circle in the plane spanned by coordinate axes a, b of R³. */
function planeCircle(N: number, a: number, b: number): number[][] {
  return Array.from({ length: N }, (_, i) => {
    const t = (2 * Math.PI * (i + 0.5)) / N;
    const p = [0, 0, 0];
    p[a] = Math.cos(t);
    p[b] = Math.sin(t);
    return p;
  });
}

function ring(N: number, radius: number, noise: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: N }, () => {
    const t = 2 * Math.PI * rng.uniform();
    const r = radius + noise * rng.normal();
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

describe("pruneGenerators", () => {
  it("scores s(p) = min over other classes of mean |p| and keeps the largest", () => {
    const A = planeCircle(400, 0, 1); // z = 0, x² + y² = 1
    const B = planeCircle(400, 1, 2); // x = 0, y² + z² = 1
    const ma = fitVanishingIdeal(A, { psi: 1e-6, maxDegree: 2 });
    const mb = fitVanishingIdeal(B, { psi: 1e-6, maxDegree: 2 });
    expect(ma.generators.length).toBe(2); // z and x² + y² − 1
    const [pa, pb] = pruneGenerators([ma, mb], [A, B], { keep: 1 });
    // Best for A is the plane z = 0: mean |z| on B = mean |sin t| = 2/π (grid, exact to 1e-4).
    expect(pa.generators.length).toBe(1);
    expect(pa.generators[0].leadingTerm).toEqual([0, 0, 1]);
    expect(pa.scores[0]).toBeCloseTo(2 / Math.PI, 4);
    expect(pb.generators[0].leadingTerm).toEqual([1, 0, 0]);
    expect(pb.scores[0]).toBeCloseTo(2 / Math.PI, 4);
    // Naive scores: every dropped generator scores at most the kept one.
    const E = evaluateGenerators(ma, B);
    for (let g = 0; g < E.cols; g++) {
      let s = 0;
      for (let i = 0; i < E.rows; i++) s += Math.abs(E.data[i * E.cols + g]);
      expect(s / E.rows).toBeLessThanOrEqual(pa.scores[0] + 1e-12);
    }
    expect(ma.generators.length).toBeGreaterThan(1); // input not modified
  });

  it("rejects a single class", () => {
    const m = fitVanishingIdeal(planeCircle(50, 0, 1), { psi: 1e-6, maxDegree: 2 });
    expect(() => pruneGenerators([m], [planeCircle(50, 0, 1)])).toThrow(ManifoldError);
  });
});

describe("fitViClassifier", () => {
  it("separates concentric rings that no linear classifier on (x, y) can", () => {
    const train = [ring(150, 1, 0.03, 1), ring(150, 2, 0.03, 2)];
    const test = [ring(200, 1, 0.03, 3), ring(200, 2, 0.03, 4)];
    const clf = fitViClassifier(train, { psi: 0.1, maxDegree: 2, keep: 3, seed: 1 });
    const accuracy = (pred: Int32Array) =>
      (pred.slice(0, 200).filter((c) => c === 0).length +
        pred.slice(200).filter((c) => c === 1).length) /
      400;
    const Xtest = [...test[0], ...test[1]];
    const acc = accuracy(predict(clf, Xtest));
    expect(acc).toBeGreaterThan(0.97);
    // Linear softmax on the raw coordinates: the classes share their mean, so ≈ chance.
    const lin = fitSoftmax(
      [...train[0], ...train[1]],
      [...Array(150).fill(0), ...Array(150).fill(1)],
      2,
      {
        seed: 1,
      },
    );
    const linAcc = accuracy(argmaxRows(softmaxProba(lin, Xtest)));
    expect(linAcc).toBeLessThan(0.7);
    // Same seed, same classifier.
    const again = fitViClassifier(train, { psi: 0.1, maxDegree: 2, keep: 3, seed: 1 });
    expect(Array.from(again.softmax.weights)).toEqual(Array.from(clf.softmax.weights));
  });

  it("softmax regression reaches the separable optimum on a separable problem", () => {
    const X = [
      [-2, 0],
      [-1, 1],
      [1, -1],
      [2, 0],
    ];
    const m = fitSoftmax(X, [0, 0, 1, 1], 2, { epochs: 300 });
    const P = softmaxProba(m, X);
    for (let i = 0; i < 4; i++) {
      const want = i < 2 ? 0 : 1;
      expect(P.data[i * 2 + want]).toBeGreaterThan(0.9);
      expect(P.data[i * 2] + P.data[i * 2 + 1]).toBeCloseTo(1, 12);
    }
    expect(() => fitSoftmax(X, [0, 0, 1, 2], 2)).toThrow(/labels\[3\]/);
  });
});
