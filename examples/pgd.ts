/**
 * On-manifold adversarial walk (the paper's Algorithm 1): learn the manifold of one
 * Fashion-MNIST class with CIDM, get its tangent directions from SEC vector fields, and walk
 * from an image along the tangential part of a classifier's loss gradient, projecting back onto
 * the manifold (Nyström) after every step, until the classifier changes its mind. Every image on
 * the path is a plausible image of the class — unlike ordinary adversarial noise. The path is
 * written as PGM images under tour-output/. Without the dataset, the walk runs on a circle.
 *
 * Run: npx tsx examples/pgd.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  cidm,
  circle,
  loadFashionMnist,
  ManifoldError,
  type Matrix,
  nystromProject,
  onManifoldPGD,
  secFields,
} from "manifold-geom";
import { progress } from "./progress.js";
import { figure, linePlot, writeSvg } from "./svg.js";
import { fashionDir, isMain, OUT_DIR, recordOutput } from "./util.js";

/** Step lengths tried in pixel space (images have |x| ≈ 10), smallest first, as in the paper. */
const STEPS = [1, 2, 4];
/** Tangent directions at the start image (2·DIM leading SEC fields are evaluated). */
const DIM = 5;
const NAMES = [
  "T-shirt",
  "trouser",
  "pullover",
  "dress",
  "coat",
  "sandal",
  "shirt",
  "sneaker",
  "bag",
  "ankle boot",
];

/** A softmax classifier p = softmax(W x + b) on C classes (W is C×n, row-major). */
interface Softmax {
  W: Float64Array;
  b: Float64Array;
  classes: number[];
  n: number;
}

function logits(m: Softmax, x: ArrayLike<number>, out: Float64Array): void {
  const C = m.classes.length;
  for (let c = 0; c < C; c++) {
    let z = m.b[c];
    for (let t = 0; t < m.n; t++) z += m.W[c * m.n + t] * x[t];
    out[c] = z;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let mx = -Infinity;
  for (const v of z) mx = Math.max(mx, v);
  let s = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c] - mx);
    s += z[c];
  }
  for (let c = 0; c < z.length; c++) z[c] /= s;
}

/** Plain SGD on the cross-entropy loss; returns the model and its training accuracy. */
function trainSoftmax(X: Matrix, y: Int32Array, classes: number[], epochs: number): Softmax {
  const n = X.cols;
  const C = classes.length;
  const m: Softmax = { W: new Float64Array(C * n), b: new Float64Array(C), classes, n };
  const p = new Float64Array(C);
  const order = Array.from({ length: X.rows }, (_, i) => i);
  for (let e = 0; e < epochs; e++) {
    const lr = 0.05 / (1 + e);
    // Deterministic shuffle (a fixed stride through the rows).
    for (let q = 0; q < order.length; q++) order[q] = (q * 7919) % X.rows;
    for (const i of order) {
      const x = X.data.subarray(i * n, (i + 1) * n);
      logits(m, x, p);
      softmaxInPlace(p);
      for (let c = 0; c < C; c++) {
        const g = p[c] - (classes[c] === y[i] ? 1 : 0);
        m.b[c] -= lr * g;
        for (let t = 0; t < n; t++) m.W[c * n + t] -= lr * g * x[t];
      }
    }
  }
  return m;
}

function predict(m: Softmax, x: ArrayLike<number>): number {
  const z = new Float64Array(m.classes.length);
  logits(m, x, z);
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c] > z[best]) best = c;
  return m.classes[best];
}

/** ∇ₓ of the cross-entropy loss of `label`: Wᵀ (p − e_label). */
function lossGradient(m: Softmax, x: ArrayLike<number>, label: number): Float64Array {
  const p = new Float64Array(m.classes.length);
  logits(m, x, p);
  softmaxInPlace(p);
  const g = new Float64Array(m.n);
  m.classes.forEach((cls, c) => {
    const a = p[c] - (cls === label ? 1 : 0);
    for (let t = 0; t < m.n; t++) g[t] += a * m.W[c * m.n + t];
  });
  return g;
}

/** Write 28×28 images (values in [0, 1]) side by side as one binary PGM. */
function writePgm(path: string, tiles: Float64Array[]): void {
  const side = 28;
  const gap = 2;
  const W = tiles.length * (side + gap) + gap;
  const H = side + 2 * gap;
  const pixels = new Uint8Array(W * H).fill(128);
  tiles.forEach((img, t) => {
    const ox = gap + t * (side + gap);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const v = Math.min(1, Math.max(0, img[y * side + x]));
        pixels[(gap + y) * W + ox + x] = Math.round(255 * (1 - v));
      }
    }
  });
  writeFileSync(path, Buffer.concat([Buffer.from(`P5\n${W} ${H}\n255\n`, "ascii"), pixels]));
  recordOutput(path);
}

async function circleDemo(): Promise<void> {
  const { points } = circle({ n: 2000, warp: 0.8, noise: 0.01, seed: 3 });
  const model = cidm(points, { k: 32, nEigs: 20 });
  const sec = secFields(model);
  const classify = (x: Float64Array) => (x[0] > 0.3 ? "right" : "left");
  const gradient = (x: Float64Array) => [-(1 - 1 / (1 + Math.exp(-(x[0] - 0.3)))), 0];
  const x0 = [Math.cos(0.3), Math.sin(0.3)];
  const res = await onManifoldPGD({
    model,
    sec,
    x0,
    gradient,
    classify,
    stepSize: 0.05,
    normalize: true,
    dim: 1,
  });
  console.log(
    "A noisy unit circle (σ = 0.01) and the linear classifier 'x > 0.3'. The loss gradient points\nstraight left, off the circle; its tangential part walks along the circle instead.",
  );
  console.log(`SEC energies μ = ${Array.from(sec.mu, (m) => m.toFixed(3)).join(", ")}`);
  for (let s = 0; s < res.path.rows; s += Math.max(1, Math.floor(res.steps / 8))) {
    const x = res.path.data[2 * s];
    const y = res.path.data[2 * s + 1];
    console.log(
      `  step ${String(s).padStart(2)}: (${x.toFixed(3)}, ${y.toFixed(3)})  radius ${Math.hypot(x, y).toFixed(4)}  label ${res.labels[s]}`,
    );
  }
  console.log(
    `label changed after ${res.steps} steps: ${res.labelChanged}; final point (${res.x[0].toFixed(3)}, ${res.x[1].toFixed(3)}), radius ${Math.hypot(res.x[0], res.x[1]).toFixed(4)}`,
  );
  // Plain (off-manifold) PGD with the same unit steps: x ← x + α g/|g| leaves the circle.
  const plain: number[][] = [x0];
  for (let s = 0; s < res.steps; s++) {
    const x = plain[plain.length - 1];
    const g = gradient(Float64Array.from(x));
    const ng = Math.hypot(g[0], g[1]);
    plain.push([x[0] + (0.05 * g[0]) / ng, x[1] + (0.05 * g[1]) / ng]);
  }
  const end = plain[plain.length - 1];
  console.log(
    `plain PGD with the same ${res.steps} steps ends at (${end[0].toFixed(3)}, ${end[1].toFixed(3)}), radius ${Math.hypot(end[0], end[1]).toFixed(4)}: off the circle.`,
  );
  const px = Array.from({ length: res.path.rows }, (_, s) => res.path.data[2 * s]);
  const py = Array.from({ length: res.path.rows }, (_, s) => res.path.data[2 * s + 1]);
  const file = writeSvg(
    join(OUT_DIR, "pgd-path.svg"),
    figure(
      {
        lines: [
          {
            name: "decision boundary x = 0.3",
            x: [0.3, 0.3],
            y: [-1.25, 1.25],
            color: "#7f7f7f",
            dashed: true,
          },
          {
            name: "on-manifold PGD (SEC + Nyström)",
            x: px,
            y: py,
            color: "#d62728",
            markers: true,
          },
          {
            name: "plain PGD (same steps)",
            x: plain.map((p) => p[0]),
            y: plain.map((p) => p[1]),
            color: "#ff7f0e",
            markers: true,
          },
        ],
        points: [
          {
            name: "training data (σ = 0.01)",
            x: Array.from({ length: points.rows }, (_, i) => points.data[2 * i]),
            y: Array.from({ length: points.rows }, (_, i) => points.data[2 * i + 1]),
            color: "#bbbbbb",
            radius: 1.2,
            opacity: 0.7,
          },
        ],
      },
      {
        title: "On-manifold PGD on a circle vs plain PGD",
        xLabel: "x",
        yLabel: "y",
        equalAspect: true,
        width: 560,
        height: 600,
        xDomain: [-1.25, 1.25],
        yDomain: [-1.25, 1.9],
      },
    ),
  );
  console.log(`Figure: ${file}`);
}

async function fashionDemo(): Promise<boolean> {
  let train: Awaited<ReturnType<typeof loadFashionMnist>>;
  try {
    train = await loadFashionMnist({ dir: fashionDir(), split: "train", limit: 16_000 });
  } catch (e) {
    if (e instanceof ManifoldError && e.code === "DATA_NOT_FOUND") return false;
    throw e;
  }
  const n = 784;
  const classes = [0, 2, 3, 6]; // T-shirt, pullover, dress, shirt: easily confused
  const manifoldClass = 0;

  // The class manifold: 1500 T-shirts.
  const rows: number[] = [];
  for (let i = 0; i < train.labels.length && rows.length < 1500; i++) {
    if (train.labels[i] === manifoldClass) rows.push(i);
  }
  const X: Matrix = { rows: rows.length, cols: n, data: new Float64Array(rows.length * n) };
  rows.forEach((r, t) => {
    X.data.set(train.images.data.subarray(r * n, (r + 1) * n), t * n);
  });

  // The classifier: softmax regression on 600 images of each of the four classes.
  const per = new Map(classes.map((c) => [c, 0]));
  const trainRows: number[] = [];
  for (let i = train.labels.length - 1; i >= 0; i--) {
    const c = train.labels[i];
    if (per.has(c) && per.get(c)! < 600) {
      per.set(c, per.get(c)! + 1);
      trainRows.push(i);
    }
  }
  const Xc: Matrix = {
    rows: trainRows.length,
    cols: n,
    data: new Float64Array(trainRows.length * n),
  };
  const yc = new Int32Array(trainRows.length);
  trainRows.forEach((r, t) => {
    Xc.data.set(train.images.data.subarray(r * n, (r + 1) * n), t * n);
    yc[t] = train.labels[r];
  });
  let t0 = performance.now();
  const clf = trainSoftmax(Xc, yc, classes, 6);
  let correct = 0;
  for (let i = 0; i < Xc.rows; i++)
    if (predict(clf, Xc.data.subarray(i * n, (i + 1) * n)) === yc[i]) correct++;
  console.log(
    `Softmax classifier on ${classes.map((c) => NAMES[c]).join(" / ")} (${Xc.rows} images, ${((performance.now() - t0) / 1000).toFixed(1)} s): training accuracy ${((100 * correct) / Xc.rows).toFixed(1)}%`,
  );

  t0 = performance.now();
  const bar = progress("cidm + SEC on T-shirts");
  const options = {
    k: 16,
    nEigs: 100,
    onProgress: (fr: number, st: string) => bar.update(0.9 * fr, st),
  };
  const model = cidm(X, options);
  const sec = secFields(model, { n1: 6, n2: 30, nFields: 2 * DIM, computeValues: false });
  bar.done();
  console.log(
    `CIDM on ${X.rows} ${NAMES[manifoldClass]} images (784-D) + SEC fields: ${((performance.now() - t0) / 1000).toFixed(1)} s; intrinsic dimension ≈ ${model.intrinsicDim.toFixed(1)}, μ = ${Array.from(sec.mu, (m) => m.toFixed(2)).join(", ")}`,
  );

  // Start on the manifold: project every T-shirt (ι, Nyström, 100 eigenfunctions) and take the
  // projected image whose classifier margin (T-shirt logit minus the best other) is closest to 0.4.
  const projected = nystromProject(model, X).points;
  const z = new Float64Array(classes.length);
  let start = 0;
  let startMargin = Infinity;
  for (let i = 0; i < X.rows; i++) {
    logits(clf, projected.data.subarray(i * n, (i + 1) * n), z);
    let other = -Infinity;
    classes.forEach((c, k) => {
      if (c !== manifoldClass) other = Math.max(other, z[k]);
    });
    const margin = z[classes.indexOf(manifoldClass)] - other;
    if (Math.abs(margin - 0.4) < Math.abs(startMargin - 0.4)) {
      startMargin = margin;
      start = i;
    }
  }
  const x0 = projected.data.slice(start * n, (start + 1) * n);
  console.log(
    `Start: the projection of training image ${rows[start]}, classified "${NAMES[predict(clf, x0)]}" with margin ${startMargin.toFixed(2)}.`,
  );
  // Algorithm 1 with unit steps α·P g/|P g|; like the paper, try step sizes on a log scale and
  // keep the smallest that changes the label (a too-small step settles where ι undoes it).
  let res: Awaited<ReturnType<typeof onManifoldPGD<number>>> | undefined;
  for (const stepSize of STEPS) {
    t0 = performance.now();
    const bar = progress(`walk, step ${stepSize}`, 6);
    res = await onManifoldPGD({
      model,
      sec,
      x0,
      label0: manifoldClass,
      gradient: (x) => lossGradient(clf, x, manifoldClass),
      classify: (x) => {
        bar.tick();
        return predict(clf, x);
      },
      stepSize,
      normalize: true,
      maxSteps: 6,
      dim: DIM,
    });
    bar.done();
    console.log(
      `  step ${stepSize}: ${res.steps} steps (${((performance.now() - t0) / 1000).toFixed(1)} s), labels ${res.labels.map((l) => NAMES[l]).join(" → ")}`,
    );
    if (res.labelChanged) break;
  }
  if (!res) return true;
  let moved = 0;
  for (let t = 0; t < n; t++) moved += (res.x[t] - x0[t]) ** 2;
  console.log(
    res.labelChanged
      ? `The classifier now says "${NAMES[res.labels[res.steps]]}" for an image on the ${NAMES[manifoldClass]} manifold, at distance ${Math.sqrt(moved).toFixed(2)} from the start.`
      : "The label did not change within the budget (try larger steps or more steps).",
  );
  const tiles: Float64Array[] = [];
  for (let s = 0; s < res.path.rows; s++) tiles.push(res.path.data.slice(s * n, (s + 1) * n));
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, "pgd-fashion-mnist.pgm");
  writePgm(file, tiles);
  console.log(`Wrote ${file}: the start image, then every projected iterate, left to right.`);
  // The classifier's probabilities along the walk.
  const probs = classes.map(() => [] as number[]);
  const z2 = new Float64Array(classes.length);
  for (let s = 0; s < res.path.rows; s++) {
    logits(clf, res.path.data.subarray(s * n, (s + 1) * n), z2);
    softmaxInPlace(z2);
    for (let c = 0; c < z2.length; c++) probs[c].push(z2[c]);
  }
  const steps = Array.from({ length: res.path.rows }, (_, s) => s);
  const svg = writeSvg(
    join(OUT_DIR, "pgd-fashion-probabilities.svg"),
    linePlot(
      classes.map((c, k) => ({ name: NAMES[c], x: steps, y: probs[k], markers: true })),
      {
        title: `Classifier probabilities along the on-manifold walk (${NAMES[manifoldClass]} manifold)`,
        xLabel: "step",
        yLabel: "probability",
        yDomain: [0, 1],
        xTicks: steps,
        legend: "top-left",
      },
    ),
  );
  console.log(`Figure: ${svg}`);
  return true;
}

export async function main(): Promise<void> {
  await circleDemo();
  console.log("");
  if (!(await fashionDemo())) {
    console.log(
      "Fashion-MNIST is not installed, so the walk on images is skipped. Install the images with\n  sudo apt-get install dataset-fashion-mnist\nand run again for the on-manifold adversarial walk on T-shirts.",
    );
  }
}

if (isMain(import.meta.url)) await main();
