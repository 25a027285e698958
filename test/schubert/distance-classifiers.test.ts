import { describe, expect, it } from "vitest";
import type { Matrix } from "../../src/matrix/index.js";
import { createRng } from "../../src/random/index.js";
import {
  fitAlgorithmI,
  fitAlgorithmII,
  fitAlgorithmIII,
  predictAlgorithmI,
  predictAlgorithmII,
  predictAlgorithmIII,
  schubertDistance,
  schubertObjective,
} from "../../src/schubert/index.js";
import { mat, mul, randomBasis, randomOrthogonal } from "./helpers.js";

/** K = Q[e_1..e_k], X = Q[cos θ_j e_j + sin θ_j e_{k+j}]: principal angles θ (GUIDE §10 style). */
function plantedPair(theta: number[], k: number, n: number, seed: number) {
  const Q = randomOrthogonal(n, createRng(seed));
  const K0 = mat(n, k, (i, j) => (i === j ? 1 : 0));
  const X0 = mat(n, theta.length, (i, j) =>
    i === j ? Math.cos(theta[j]) : i === k + j ? Math.sin(theta[j]) : 0,
  );
  return { K: mul(Q, K0), X: mul(Q, X0) };
}

describe("schubertDistance", () => {
  const theta = [1e-9, 0.3, 1.1];
  const { K, X } = plantedPair(theta, 4, 12, 1);
  it("chordal, geodesic and projection from the c smallest angles (tiny angles exact)", () => {
    expect(Math.abs(schubertDistance(X, K, { c: 1 }) - Math.sin(1e-9))).toBeLessThan(1e-15);
    const ch2 = Math.sqrt(Math.sin(1e-9) ** 2 + Math.sin(0.3) ** 2);
    expect(Math.abs(schubertDistance(X, K, { c: 2 }) - ch2)).toBeLessThan(1e-13);
    const ge3 = Math.hypot(1e-9, 0.3, 1.1);
    expect(Math.abs(schubertDistance(X, K, { c: 3, kind: "geodesic" }) - ge3)).toBeLessThan(1e-13);
    expect(
      Math.abs(schubertDistance(X, K, { c: 2, kind: "projection" }) - Math.sin(0.3)),
    ).toBeLessThan(1e-13);
  });
  it("is 0 when span(X) meets span(K) in c dimensions", () => {
    const p = plantedPair([0, 0, 0.7], 3, 10, 2);
    expect(schubertDistance(p.X, p.K, { c: 2 })).toBeLessThan(1e-14);
    expect(schubertDistance(p.X, p.K, { c: 3 })).toBeGreaterThan(0.6);
  });
  it("rejects c > min(l, k), unknown kinds and non-orthonormal input", () => {
    expect(() => schubertDistance(X, K, { c: 4 })).toThrow(/c/);
    expect(() => schubertDistance(X, K, { kind: "x" as "chordal" })).toThrow(/kind/);
    expect(() =>
      schubertDistance(
        mat(12, 1, () => 1),
        K,
      ),
    ).toThrow(/orthonormal/);
  });
  it("schubertObjective equals the closed form (1/rc) Σ cos² θ_j and Σ cos θ_j on planted pairs", () => {
    const pairs = [plantedPair([0.1, 0.5, 0.9], 3, 9, 3), plantedPair([0.2, 0.4, 1.3], 3, 9, 4)];
    // Put both X's against the first K: only valid if the K's coincide, so use one Q.
    const Q = randomOrthogonal(9, createRng(5));
    const K = mul(
      Q,
      mat(9, 3, (i, j) => (i === j ? 1 : 0)),
    );
    const Xs = [
      [0.1, 0.5, 0.9],
      [0.2, 0.4, 1.3],
    ].map((t) =>
      mul(
        Q,
        mat(9, 3, (i, j) => (i === j ? Math.cos(t[j]) : i === 3 + j ? Math.sin(t[j]) : 0)),
      ),
    );
    expect(pairs.length).toBe(2);
    const F2 =
      (Math.cos(0.1) ** 2 + Math.cos(0.5) ** 2 + Math.cos(0.2) ** 2 + Math.cos(0.4) ** 2) / 4;
    expect(Math.abs(schubertObjective(Xs, K, { c: 2 }) - F2)).toBeLessThan(1e-14);
    const F1 = (Math.cos(0.1) + Math.cos(0.2)) / 2;
    expect(Math.abs(schubertObjective(Xs, K, { c: 1, objective: "cos" }) - F1)).toBeLessThan(1e-14);
  });
});

/** Two classes in R^n: class j's samples contain direction u_j (+ small noise) plus random columns. */
function twoClass(n: number, perClass: number, l: number, seed: number) {
  const U = randomBasis(n, 2, createRng(99)); // the class directions, shared by train and test
  const rng = createRng(seed);
  const samples: Matrix[] = [];
  const labels: number[] = [];
  for (let t = 0; t < 2 * perClass; t++) {
    const cls = t % 2;
    const raw = mat(n, l, (i, j) =>
      j === 0 ? U.data[i * 2 + cls] + 0.05 * rng.normal() : rng.normal() / Math.sqrt(n),
    );
    samples.push(orthFirst(raw));
    labels.push(cls === 0 ? 3 : 7);
  }
  return { samples, labels };
}

function orthFirst(G: Matrix): Matrix {
  const Q = mat(G.rows, G.cols, (i, j) => G.data[i * G.cols + j]);
  const { rows: n, cols: p } = Q;
  for (let pass = 0; pass < 2; pass++)
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < j; l++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += Q.data[i * p + l] * Q.data[i * p + j];
        for (let i = 0; i < n; i++) Q.data[i * p + j] -= d * Q.data[i * p + l];
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += Q.data[i * p + j] ** 2;
      for (let i = 0; i < n; i++) Q.data[i * p + j] /= Math.sqrt(s);
    }
  return Q;
}

const accuracy = (pred: Int32Array, truth: number[]) =>
  pred.reduce((a, p, i) => a + (p === truth[i] ? 1 : 0), 0) / truth.length;

describe("classifiers (paper §5) on a planted two-class set", () => {
  const train = twoClass(30, 20, 3, 10);
  const test = twoClass(30, 20, 3, 11);
  it("Algorithm II: one K per class recovers the class directions; test accuracy 1", () => {
    const model = fitAlgorithmII(train.samples, train.labels, { k: 1, c: 1 });
    expect(model.classes).toEqual([3, 7]);
    expect(accuracy(predictAlgorithmII(model, test.samples), test.labels)).toBe(1);
    // plain data: survives structuredClone
    const copy = structuredClone(model);
    expect(predictAlgorithmII(copy, test.samples)).toEqual(predictAlgorithmII(model, test.samples));
  });
  it("Algorithm I (coordinates KᵀX, 1-NN) and III (b-coordinates, nearest centroid) separate the classes", () => {
    const m1 = fitAlgorithmI(train.samples, train.labels, { k: 2, c: 1 });
    expect(accuracy(predictAlgorithmI(m1, test.samples), test.labels)).toBeGreaterThanOrEqual(0.95);
    const m3 = fitAlgorithmIII(train.samples, train.labels, { k: 2, c: 1 });
    expect(accuracy(predictAlgorithmIII(m3, test.samples), test.labels)).toBeGreaterThanOrEqual(
      0.95,
    );
    const mf = fitAlgorithmI(train.samples, train.labels, { k: 2, c: 1, metric: "frobenius" });
    expect(mf.features[0].rows).toBe(2);
    expect(mf.features[0].cols).toBe(3);
  });
  it("projector metric of Algorithm I is invariant to X → XR", () => {
    const rng = createRng(12);
    const m1 = fitAlgorithmI(train.samples, train.labels, { k: 2, c: 1 });
    const rotated = test.samples.map((X) => mul(X, randomOrthogonal(3, rng)));
    expect(predictAlgorithmI(m1, rotated)).toEqual(predictAlgorithmI(m1, test.samples));
  });
  it("errors: label count, empty class, non-integer label, wrong R^n", () => {
    expect(() => fitAlgorithmII(train.samples, train.labels.slice(1), { k: 1 })).toThrow(
      /labels for/,
    );
    expect(() => fitAlgorithmII(train.samples, train.labels, { k: 1, classes: [3, 5, 7] })).toThrow(
      /class 5 has no training samples/,
    );
    expect(() =>
      fitAlgorithmIII(
        train.samples,
        train.labels.map((v) => v + 0.5),
        { k: 1 },
      ),
    ).toThrow(/integers/);
    const model = fitAlgorithmII(train.samples, train.labels, { k: 1 });
    expect(() => predictAlgorithmII(model, [randomBasis(31, 3, createRng(1))])).toThrow(/R\^31/);
  });
});
