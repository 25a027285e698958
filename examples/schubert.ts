/**
 * Schubert varieties of best fit on sets of images (Karimov, Kirby & Peterson 2023, §5):
 * Fashion-MNIST pictures of two look-alike classes (shirts vs T-shirts) are grouped into sets of
 * l images of one class, each set orthonormalised into a point of Gr(l, 784) — like the paper's
 * cat and dog sets. Algorithms I–III are trained for k = 1..6 and l = 1..4 and compared with
 * the paper's class-PCA baseline (nearest class PCA subspace by smallest principal angle). An
 * accuracy-vs-k plot is written to tour-output/schubert-accuracy.svg.
 *
 * Without the dataset (sudo apt-get install dataset-fashion-mnist) a synthetic two-class set is
 * used instead, and the example says so.
 *
 * Run: npx tsx examples/schubert.ts
 */
import { join } from "node:path";
import {
  createRng,
  grassmann,
  loadFashionMnist,
  type Matrix,
  orthonormalize,
  schubert,
  svd,
} from "manifold-geom";
import { progress } from "./progress.js";
import { linePlot, writeSvg } from "./svg.js";
import { fashionDir, isMain, OUT_DIR } from "./util.js";

const CLASSES = [0, 6]; // T-shirt/top vs shirt: the hardest pair of Fashion-MNIST
const NAMES = ["T-shirt", "shirt"];
const TRAIN_IMAGES = 120; // per class
const TEST_IMAGES = 100; // per class
const KS = [1, 2, 3, 4, 5, 6];
const LS = [1, 2, 3, 4];

interface Images {
  /** Per class, the images as columns' source rows (count×n, values in [−1, 1]). */
  byClass: Matrix[];
  source: string;
}

async function loadImages(
  split: "train" | "test",
  perClass: number,
  seed: number,
): Promise<Images> {
  try {
    const { images, labels } = await loadFashionMnist({ dir: fashionDir(), split, limit: 2000 });
    const byClass = CLASSES.map((cl) => {
      const rows: number[] = [];
      for (let i = 0; i < labels.length && rows.length < perClass; i++)
        if (labels[i] === cl) rows.push(i);
      const n = images.cols;
      const data = new Float64Array(rows.length * n);
      rows.forEach((r, t) => {
        for (let j = 0; j < n; j++) data[t * n + j] = 2 * images.data[r * n + j] - 1; // [−1, 1] as in the paper
      });
      return { rows: rows.length, cols: n, data };
    });
    return { byClass, source: "Fashion-MNIST" };
  } catch (e) {
    if ((e as { code?: string }).code !== "DATA_NOT_FOUND") throw e;
    return { byClass: synthetic(perClass, seed), source: "synthetic" };
  }
}

/** Two classes of 64-pixel "images": a class template plus shared nuisance modes and noise. */
function synthetic(perClass: number, seed: number): Matrix[] {
  const n = 64;
  const base = createRng(7); // templates shared by train and test
  const templates = CLASSES.map(() => Float64Array.from({ length: n }, () => base.normal()));
  const nuisance = Array.from({ length: 6 }, () =>
    Float64Array.from({ length: n }, () => base.normal()),
  );
  const rng = createRng(seed);
  return templates.map((t) => {
    const data = new Float64Array(perClass * n);
    for (let i = 0; i < perClass; i++) {
      const w = nuisance.map(() => 0.6 * rng.normal());
      for (let j = 0; j < n; j++) {
        let v = t[j] + 0.3 * rng.normal();
        for (let q = 0; q < w.length; q++) v += w[q] * nuisance[q][j];
        data[i * n + j] = v;
      }
    }
    return { rows: perClass, cols: n, data };
  });
}

/** Consecutive groups of l images of one class → orthonormal n×l bases, with labels. */
function toSets(imgs: Images, l: number): { sets: Matrix[]; labels: number[] } {
  const sets: Matrix[] = [];
  const labels: number[] = [];
  imgs.byClass.forEach((M, cl) => {
    const n = M.cols;
    for (let start = 0; start + l <= M.rows; start += l) {
      const data = new Float64Array(n * l);
      for (let j = 0; j < l; j++)
        for (let i = 0; i < n; i++) data[i * l + j] = M.data[(start + j) * n + i];
      sets.push(orthonormalize({ rows: n, cols: l, data }));
      labels.push(cl);
    }
  });
  return { sets, labels };
}

/** Class-PCA baseline: top-k left singular vectors of each class's training images (uncentred). */
function pcaAccuracy(train: Images, test: { sets: Matrix[]; labels: number[] }, k: number): number {
  const bases = train.byClass.map((M) => {
    const { V } = svd(M); // M is count×n, so its right singular vectors live in R^n
    const n = M.cols;
    const data = new Float64Array(n * k);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) data[i * k + j] = V.data[i * V.cols + j];
    return { rows: n, cols: k, data };
  });
  let ok = 0;
  test.sets.forEach((X, i) => {
    const d = bases.map((B) => grassmann.principalAngles(X, B)[0]);
    if ((d[0] <= d[1] ? 0 : 1) === test.labels[i]) ok++;
  });
  return ok / test.sets.length;
}

const acc = (pred: Int32Array, truth: number[]) =>
  pred.reduce((a, p, i) => a + (p === truth[i] ? 1 : 0), 0) / truth.length;

export async function main(): Promise<void> {
  const t0 = performance.now();
  const trainImgs = await loadImages("train", TRAIN_IMAGES, 1);
  const testImgs = await loadImages("test", TEST_IMAGES, 2);
  if (trainImgs.source === "synthetic") {
    console.log(
      "Fashion-MNIST not found: using a synthetic two-class set (64-pixel templates + shared nuisance modes).\n" +
        "Install the real data with: sudo apt-get install dataset-fashion-mnist",
    );
  }
  const n = trainImgs.byClass[0].cols;
  const names = trainImgs.source === "synthetic" ? ["class A", "class B"] : NAMES;
  console.log(
    `SVBF classifiers on ${trainImgs.source}: ${names[0]} vs ${names[1]}, ${TRAIN_IMAGES} train / ${TEST_IMAGES} test images per class, n = ${n}`,
  );
  console.log("sets of l images → points of Gr(l, n); c = 1, objective cos², accelerated MM\n");
  const table: Record<string, number[][]> = { I: [], II: [], III: [], PCA: [] };
  const bar = progress("fitting Algorithms I–III", LS.length * KS.length);
  for (const l of LS) {
    const train = toSets(trainImgs, l);
    const test = toSets(testImgs, l);
    for (const key of Object.keys(table)) table[key].push([]);
    for (const k of KS) {
      const opts = { k, c: 1, restarts: 0 };
      const m1 = schubert.fitAlgorithmI(train.sets, train.labels, opts);
      const m2 = schubert.fitAlgorithmII(train.sets, train.labels, opts);
      const m3 = schubert.fitAlgorithmIII(train.sets, train.labels, opts);
      table.I[table.I.length - 1].push(acc(schubert.predictAlgorithmI(m1, test.sets), test.labels));
      table.II[table.II.length - 1].push(
        acc(schubert.predictAlgorithmII(m2, test.sets), test.labels),
      );
      table.III[table.III.length - 1].push(
        acc(schubert.predictAlgorithmIII(m3, test.sets), test.labels),
      );
      table.PCA[table.PCA.length - 1].push(pcaAccuracy(trainImgs, test, k));
      bar.tick(`l = ${l}, k = ${k}`);
    }
  }
  bar.done();
  const head = `${"".padEnd(22)}${KS.map((k) => `k=${k}`.padStart(7)).join("")}`;
  for (const [key, label] of [
    ["I", "Algorithm I   (KᵀX, 1-NN)"],
    ["II", "Algorithm II  (K per class)"],
    ["III", "Algorithm III (b, centroid)"],
    ["PCA", "class PCA baseline"],
  ] as const) {
    console.log(`${label}\n${head}`);
    LS.forEach((l, li) => {
      console.log(
        `${`  l = ${l}`.padEnd(22)}${table[key][li].map((a) => `${(100 * a).toFixed(1)}%`.padStart(7)).join("")}`,
      );
    });
  }
  const li = LS.length - 1;
  const file = writeSvg(
    join(OUT_DIR, "schubert-accuracy.svg"),
    linePlot(
      [
        { name: "Algorithm I (KᵀX, 1-NN)", y: table.I[li], color: "#1f77b4" },
        { name: "Algorithm II (K per class)", y: table.II[li], color: "#d62728" },
        { name: "Algorithm III (b, centroid)", y: table.III[li], color: "#2ca02c" },
        { name: "class PCA baseline", y: table.PCA[li], color: "#7f7f7f", dashed: true },
      ].map((s) => ({ ...s, x: KS, markers: true })),
      {
        title: `SVBF classifiers, ${names[0]} vs ${names[1]} (${trainImgs.source}), sets of l = ${LS[li]}`,
        xLabel: "k (dimension of the fitted subspace K)",
        yLabel: "test accuracy",
        yDomain: [0, 1],
        xTicks: KS,
        legend: "bottom-right",
      },
    ),
  );
  console.log(`\nplot: ${file}   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

if (isMain(import.meta.url)) await main();
