/**
 * Approximately vanishing ideals: ABM recovers the defining polynomials of the circle, the
 * sphere and the twisted cubic from samples; on Fashion-MNIST (PCA to a few dimensions) the
 * per-class generators, pruned by how far they are from vanishing on the other classes, give
 * |p(z)| features for a linear softmax classifier (the VI-Net recipe).
 *
 * Run: npx tsx examples/vanishing.ts
 */
import {
  argmaxRows,
  fitSoftmax,
  fitVanishingIdeal,
  fitViClassifier,
  formatPolynomial,
  loadFashionMnist,
  type Matrix,
  matmulTransA,
  predict,
  softmaxProba,
  symEig,
} from "manifold-geom";
import { fashionDir, heading, isMain } from "./util.js";

function varieties(): void {
  heading("Generators of sampled varieties (ABM, ψ = 1e-6, noise 1e-9)");
  const N = 300;
  const u = (i: number) => (i + 0.5) / N;
  const noise = (i: number) => 1e-9 * Math.sin(7919 * i);
  const sets: Array<[string, number[][], string[]]> = [
    [
      "unit circle",
      Array.from({ length: N }, (_, i) => {
        const r = 1 + noise(i);
        return [r * Math.cos(2 * Math.PI * u(i)), r * Math.sin(2 * Math.PI * u(i))];
      }),
      ["x", "y"],
    ],
    [
      "unit sphere (Fibonacci points)",
      Array.from({ length: N }, (_, i) => {
        const z = 1 - 2 * u(i);
        const phi = Math.PI * (1 + Math.sqrt(5)) * (i + 0.5);
        const s = Math.sqrt(1 - z * z);
        return [s * Math.cos(phi), s * Math.sin(phi), z];
      }),
      ["x", "y", "z"],
    ],
    [
      "twisted cubic (t, t², t³)",
      Array.from({ length: N }, (_, i) => {
        const t = 2 * u(i) - 1;
        return [t, t * t, t * t * t];
      }),
      ["x", "y", "z"],
    ],
  ];
  for (const [name, pts, names] of sets) {
    const model = fitVanishingIdeal(pts, { psi: 1e-6, maxDegree: 2 });
    console.log(
      `\n  ${name}: |O| = ${model.orderTerms.length}, ${model.generators.length} generator(s)`,
    );
    for (const g of model.generators) {
      const poly = formatPolynomial(g.terms, g.coefficients, { names, drop: 1e-7 });
      console.log(`    deg ${g.degree}: ${poly}    (RMS on data ${g.rms.toExponential(1)})`);
    }
  }
}

/** Top-k principal directions of X (n×k) and the mean, via the covariance eigenvectors. */
function pca(X: Matrix, k: number): { mean: Float64Array; W: Matrix } {
  const { rows: N, cols: n } = X;
  const mean = new Float64Array(n);
  for (let i = 0; i < N; i++) for (let j = 0; j < n; j++) mean[j] += X.data[i * n + j] / N;
  const C = { rows: N, cols: n, data: X.data.map((v, a) => v - mean[a % n]) };
  const { vectors } = symEig(matmulTransA(C, C));
  const W = new Float64Array(n * k);
  for (let j = 0; j < n; j++)
    for (let c = 0; c < k; c++) W[j * k + c] = vectors.data[j * n + (n - 1 - c)];
  return { mean, W: { rows: n, cols: k, data: W } };
}

function project(X: Matrix, p: { mean: Float64Array; W: Matrix }): Matrix {
  const { rows: N, cols: n } = X;
  const k = p.W.cols;
  const out = new Float64Array(N * k);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < n; j++) {
      const v = X.data[i * n + j] - p.mean[j];
      if (v === 0) continue;
      for (let c = 0; c < k; c++) out[i * k + c] += v * p.W.data[j * k + c];
    }
  return { rows: N, cols: k, data: out };
}

async function fashion(): Promise<void> {
  const dims = 6;
  heading(`Fashion-MNIST: PCA to ${dims} dimensions, VI classifier vs a linear classifier`);
  let train: Awaited<ReturnType<typeof loadFashionMnist>>;
  let test: Awaited<ReturnType<typeof loadFashionMnist>>;
  try {
    train = await loadFashionMnist({ dir: fashionDir(), split: "train", limit: 5000 });
    test = await loadFashionMnist({ dir: fashionDir(), split: "test", limit: 2000 });
  } catch {
    console.log(
      "  Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist (or pass { dir } to loadFashionMnist).",
    );
    return;
  }
  const t0 = performance.now();
  const p = pca(
    {
      rows: 2000,
      cols: train.images.cols,
      data: train.images.data.subarray(0, 2000 * train.images.cols),
    },
    dims,
  );
  const Ztrain = project(train.images, p);
  const Ztest = project(test.images, p);
  const byClass: Matrix[] = [];
  for (let c = 0; c < 10; c++) {
    const rows: number[] = [];
    train.labels.forEach((y, i) => {
      if (y === c) rows.push(i);
    });
    const data = new Float64Array(rows.length * dims);
    for (let r = 0; r < rows.length; r++)
      data.set(Ztrain.data.subarray(rows[r] * dims, (rows[r] + 1) * dims), r * dims);
    byClass.push({ rows: rows.length, cols: dims, data });
  }
  const t1 = performance.now();
  const opts = { psi: 0.05, maxDegree: 3, keep: 10, epochs: 200, seed: 1 };
  const clf = fitViClassifier(byClass, opts);
  const t2 = performance.now();
  const accuracy = (pred: Int32Array) =>
    pred.reduce((s, y, i) => s + (y === test.labels[i] ? 1 : 0), 0) / pred.length;
  const viAcc = accuracy(predict(clf, Ztest));
  const lin = fitSoftmax(Ztrain, train.labels, 10, { epochs: 200, seed: 1 });
  const linAcc = accuracy(argmaxRows(softmaxProba(lin, Ztest)));
  const kept = clf.models.reduce((s, m) => s + m.generators.length, 0);
  const monomials = new Set<string>();
  for (const m of clf.models)
    for (const g of m.generators)
      g.terms.forEach((t, k) => {
        if (g.coefficients[k] !== 0) monomials.add(`${clf.models.indexOf(m)}:${t.join(",")}`);
      });
  console.log(
    `  5000 train / 2000 test images; PCA (covariance of the first 2000) ${(t1 - t0).toFixed(0)} ms; ABM (ψ = ${opts.psi}, degree ≤ ${opts.maxDegree}, tanh scaling) + pruning + training ${(t2 - t1).toFixed(0)} ms`,
  );
  console.log(
    `  generators kept: ${kept} (${opts.keep} per class), distinct (class, monomial) pairs evaluated: ${monomials.size}`,
  );
  console.log(`  test accuracy  VI classifier (|p(z)| features): ${(100 * viAcc).toFixed(1)}%`);
  console.log(
    `  test accuracy  linear softmax on the ${dims} PCA coordinates: ${(100 * linAcc).toFixed(1)}%`,
  );
}

export async function main(): Promise<void> {
  varieties();
  await fashion();
}

if (isMain(import.meta.url)) await main();
