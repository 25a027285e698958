/**
 * The kernel-block backend: `createBackend` tries WebGPU, WebGL, WASM (through gpu.js) and the
 * CPU in order, and says which it picked and why it skipped the others. A block of squared
 * distances is checked against float64 sums.
 *
 * Run: npx tsx examples/gpu.ts
 */
import { createRng, type Matrix } from "manifold-geom";
import { isMain } from "./util.js";

export async function main(): Promise<void> {
  let gpu: typeof import("manifold-geom/gpu");
  try {
    gpu = await import("manifold-geom/gpu");
  } catch (e) {
    console.log(`The GPU backend module is not available in this build (${(e as Error).message}).`);
    return;
  }
  const t0 = performance.now();
  const backend = await gpu.createBackend();
  const ms = performance.now() - t0;
  console.log(
    `createBackend() picked "${backend.kind}" (${backend.engine}, ${backend.precision}) in ${ms.toFixed(0)} ms.`,
  );
  for (const s of backend.tried) console.log(`  skipped ${s.kind}: ${s.reason}`);
  try {
    const rng = createRng(11);
    const D = 8;
    const rand = (rows: number): Matrix => ({
      rows,
      cols: D,
      data: Float64Array.from({ length: rows * D }, () => rng.normal()),
    });
    const X = rand(64);
    const Y = rand(256);
    const S = backend.sqDistBlock(X, Y);
    let worst = 0;
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < Y.rows; j++) {
        let d = 0;
        for (let t = 0; t < D; t++) d += (X.data[i * D + t] - Y.data[j * D + t]) ** 2;
        worst = Math.max(worst, Math.abs(S.data[i * Y.rows + j] - d) / d);
      }
    }
    console.log(
      `A 64×256 block of squared distances in R^${D}: largest relative difference from float64 sums ${worst.toExponential(1)} (unit roundoff ${backend.unitRoundoff.toExponential(1)}).`,
    );
  } finally {
    backend.dispose();
  }
}

if (isMain(import.meta.url)) await main();
