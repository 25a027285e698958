/**
 * Nyström projection: map any point of data space onto the manifold CIDM learned.
 * ι(x) = Σ_ℓ x̂_ℓ φ_ℓ(x) with the eigenfunctions extended to x by the kernel. First a noisy
 * circle (how far the projected points are from the true circle), then — when the dataset is
 * installed — Fashion-MNIST images projected onto the manifold of one class, written as PGM
 * images under tour-output/ so you can look at them.
 *
 * Run: npx tsx examples/nystrom.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  cidm,
  circle,
  createRng,
  loadFashionMnist,
  ManifoldError,
  type Matrix,
  nystromProject,
} from "manifold-geom";
import { progress } from "./progress.js";
import { figure, writeSvg } from "./svg.js";
import { fashionDir, isMain, OUT_DIR, recordOutput } from "./util.js";

/** Mean and max of ||p| − 1| over the rows of a 2-column matrix. */
function radiusError(P: Matrix): { mean: number; max: number } {
  let mean = 0;
  let max = 0;
  for (let i = 0; i < P.rows; i++) {
    const e = Math.abs(Math.hypot(P.data[2 * i], P.data[2 * i + 1]) - 1);
    mean += e / P.rows;
    max = Math.max(max, e);
  }
  return { mean, max };
}

function circleDemo(): void {
  const { points } = circle({ n: 2000, warp: 0.3, noise: 0.05, seed: 1 });
  const model = cidm(points, { k: 32, nEigs: 20 });
  console.log(
    "Training data: 2000 points on a warped unit circle (θ = 2πu + 0.3 sin 2πu, twice as dense on one side), radial noise σ = 0.05",
  );
  const rng = createRng(7);
  const Q: Matrix = { rows: 200, cols: 2, data: new Float64Array(400) };
  for (let i = 0; i < 200; i++) {
    const a = 2 * Math.PI * rng.uniform();
    const r = 0.7 + 0.6 * rng.uniform();
    Q.data[2 * i] = r * Math.cos(a);
    Q.data[2 * i + 1] = r * Math.sin(a);
  }
  const before = radiusError(Q);
  console.log(
    `200 queries with radius in [0.7, 1.3]: | |x| − 1 | mean ${before.mean.toFixed(4)}, max ${before.max.toFixed(4)}`,
  );
  console.log("  L (eigenfunctions)  iterations   mean | |ι(x)| − 1 |   max      time");
  for (const L of [5, 10, 20]) {
    for (const iterations of [1, 3]) {
      const t0 = performance.now();
      const p = nystromProject(model, Q, { nEigs: L, iterations });
      const ms = performance.now() - t0;
      const e = radiusError(p.points);
      console.log(
        `  ${String(L).padStart(4)}                ${iterations}            ${e.mean.toFixed(4)}             ${e.max.toFixed(4)}   ${ms.toFixed(0)} ms`,
      );
    }
  }
  // The figure: training points, the queries, where L = 20 sends them, and the true circle.
  const best = nystromProject(model, Q, { nEigs: 20, iterations: 1 }).points;
  const col = (M: Matrix, c: number) => Array.from({ length: M.rows }, (_, i) => M.data[2 * i + c]);
  const ring = Array.from({ length: 201 }, (_, i) => (2 * Math.PI * i) / 200);
  const file = writeSvg(
    join(OUT_DIR, "nystrom-projection.svg"),
    figure(
      {
        lines: [
          { name: "true circle", x: ring.map(Math.cos), y: ring.map(Math.sin), color: "#2ca02c" },
        ],
        points: [
          {
            name: "training data (σ = 0.05; every 3rd)",
            x: col(points, 0).filter((_, i) => i % 3 === 0),
            y: col(points, 1).filter((_, i) => i % 3 === 0),
            color: "#bbbbbb",
            radius: 1.2,
            opacity: 0.6,
          },
          {
            name: "queries x",
            x: col(Q, 0),
            y: col(Q, 1),
            color: "#1f77b4",
            radius: 2.5,
            above: true,
          },
          {
            name: "projections ι(x), L = 20",
            x: col(best, 0),
            y: col(best, 1),
            color: "#d62728",
            radius: 2.5,
            above: true,
          },
        ],
        arrows: [
          {
            name: "x → ι(x)",
            x: col(Q, 0),
            y: col(Q, 1),
            u: Q.data.filter((_, t) => t % 2 === 0).map((v, i) => best.data[2 * i] - v),
            v: Q.data.filter((_, t) => t % 2 === 1).map((v, i) => best.data[2 * i + 1] - v),
            color: "#ffbb78",
            width: 1,
          },
        ],
      },
      {
        title: "Nyström projection of 200 off-manifold points onto the learned circle",
        xLabel: "x",
        yLabel: "y",
        equalAspect: true,
        width: 560,
        height: 600,
        xDomain: [-1.45, 1.45],
        yDomain: [-1.45, 2.1],
        legend: "top-right",
      },
    ),
  );
  console.log(
    `Figure: ${file} (queries in blue, their projections in red, the true circle in green).`,
  );
  const far = nystromProject(model, [[3, 0]], { nEigs: 10 });
  const [fx, fy] = far.points.data;
  console.log(
    `A far query (3, 0) lands at (${fx.toFixed(3)}, ${fy.toFixed(3)}), radius ${Math.hypot(fx, fy).toFixed(3)}; outside the kernel support: ${far.outsideSupport[0] === 1}`,
  );
}

/** Write images (rows of 784 values in [0, 1]) as one binary PGM: a grid of `cols` tiles per row. */
function writePgm(path: string, tiles: Float64Array[], cols: number): void {
  const side = 28;
  const gap = 2;
  const rows = Math.ceil(tiles.length / cols);
  const W = cols * (side + gap) + gap;
  const H = rows * (side + gap) + gap;
  const pixels = new Uint8Array(W * H).fill(128);
  tiles.forEach((img, t) => {
    const ox = gap + (t % cols) * (side + gap);
    const oy = gap + Math.floor(t / cols) * (side + gap);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const v = Math.min(1, Math.max(0, img[y * side + x]));
        pixels[(oy + y) * W + ox + x] = Math.round(255 * (1 - v)); // dark clothing on white
      }
    }
  });
  const header = Buffer.from(`P5\n${W} ${H}\n255\n`, "ascii");
  writeFileSync(path, Buffer.concat([header, Buffer.from(pixels)]));
  recordOutput(path);
}

async function fashionDemo(): Promise<void> {
  let train: Awaited<ReturnType<typeof loadFashionMnist>>;
  let test: Awaited<ReturnType<typeof loadFashionMnist>>;
  try {
    train = await loadFashionMnist({ dir: fashionDir(), split: "train", limit: 30_000 });
    test = await loadFashionMnist({ dir: fashionDir(), split: "test", limit: 2000 });
  } catch (e) {
    if (e instanceof ManifoldError && e.code === "DATA_NOT_FOUND") {
      console.log(
        "\nFashion-MNIST is not installed, so the image part is skipped. Install it with\n  sudo apt-get install dataset-fashion-mnist\nand run again.",
      );
      return;
    }
    throw e;
  }
  const cls = 7; // sneakers
  const rows: number[] = [];
  for (let i = 0; i < train.labels.length && rows.length < 3000; i++) {
    if (train.labels[i] === cls) rows.push(i);
  }
  const X: Matrix = { rows: rows.length, cols: 784, data: new Float64Array(rows.length * 784) };
  rows.forEach((r, t) => {
    X.data.set(train.images.data.subarray(r * 784, (r + 1) * 784), t * 784);
  });
  const bar = progress("cidm on 3000 sneakers");
  const options = { k: 16, nEigs: 20, onProgress: (fr: number, st: string) => bar.update(fr, st) };
  const t0 = performance.now();
  const model = cidm(X, options);
  bar.done();
  console.log(
    `\nFashion-MNIST: CIDM on ${X.rows} training sneakers (784-D), ${((performance.now() - t0) / 1000).toFixed(1)} s, intrinsic dimension ≈ ${model.intrinsicDim.toFixed(1)}`,
  );
  // Queries: 6 test sneakers with heavy pixel noise, and 6 test images of other classes.
  const rng = createRng(3);
  const picks: number[] = [];
  for (let i = 0; i < test.labels.length && picks.length < 6; i++)
    if (test.labels[i] === cls) picks.push(i);
  for (const other of [0, 1, 2, 5, 8, 9]) picks.push(test.labels.indexOf(other));
  const Q: Matrix = { rows: picks.length, cols: 784, data: new Float64Array(picks.length * 784) };
  picks.forEach((p, t) => {
    for (let c = 0; c < 784; c++) {
      const v = test.images.data[p * 784 + c];
      Q.data[t * 784 + c] = t < 6 ? Math.min(1, Math.max(0, v + 0.25 * rng.normal())) : v;
    }
  });
  const p = nystromProject(model, Q, { nEigs: 20 });
  const originals = picks.map((_, t) => Q.data.slice(t * 784, (t + 1) * 784));
  const projected = picks.map((_, t) => p.points.data.slice(t * 784, (t + 1) * 784));
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, "nystrom-fashion-mnist.pgm");
  writePgm(file, [...originals, ...projected], picks.length);
  const moved = Array.from(p.steps, (s: number) => s.toFixed(1));
  console.log(
    `Projected 6 noisy test sneakers and 6 test images of other classes onto the sneaker manifold (L = 20).`,
  );
  console.log(
    `Distance moved |ι(x) − x|: sneakers ${moved.slice(0, 6).join(", ")}; others ${moved.slice(6).join(", ")}`,
  );
  console.log(
    `Wrote ${file}: top row the inputs, bottom row their projections (every projection is a sneaker).`,
  );
}

export async function main(): Promise<void> {
  circleDemo();
  await fashionDemo();
}

if (isMain(import.meta.url)) await main();
