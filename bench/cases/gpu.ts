/**
 * Dense kernel blocks `K_ij = exp(−|x_i − y_j|²/(ε ρ_i ρ_j))` (GUIDE §8) on every backend
 * available in Node — "cpu" (float64, the core's arithmetic) and "wasm" (gpu.js WebAssembly,
 * float32; "webgl" needs headless-gl, absent here) — against numpy (bench/python/gpu.py).
 * Sizes: 10 000 × 20 000 in R³ and 2 000 × 6 000 in R⁷⁸⁴ (Fashion-MNIST when installed).
 * Blocks are computed in chunks of query rows (the full 10 000 × 20 000 block would be
 * 1.6 GB in float64) and reduced to row sums, which both sides return. Each label states the
 * flop count (3D + 4 per entry), so GFLOP/s = flops / median time.
 */
import {
  addNoise,
  embeddedTorus,
  embedInHighDim,
  gaussianCloud,
  loadFashionMnist,
} from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import { type BackendKind, createBackend, type GpuBackend } from "../../src/gpu/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

interface BlockData extends CaseData {
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly rhoX: Float64Array;
  readonly rhoY: Float64Array;
  readonly eps: number;
  readonly chunk: number;
  readonly backend: GpuBackend;
}

const row = (a: Float64Array): Matrix => ({ rows: 1, cols: a.length, data: a });

/** Flops of one block: 3D + 4 per entry (difference, square, add; the scale and exp as 4). */
export function blockFlops(Q: number, N: number, D: number): number {
  return Q * N * (3 * D + 4);
}

/** ρ in [0.75, 1.25] by a fixed pattern (the bench times arithmetic, not bandwidth selection). */
function rhoPattern(n: number, phase: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 1 + 0.25 * Math.sin(0.37 * i + phase));
}

/** ε = the median squared distance over a sample of pairs (a kernel that neither saturates nor vanishes). */
function medianSqDist(X: Matrix, Y: Matrix): number {
  const vals: number[] = [];
  for (let t = 0; t < 400; t++) {
    const i = (t * 7919) % X.rows;
    const j = (t * 104_729) % Y.rows;
    let s = 0;
    for (let d = 0; d < X.cols; d++) s += (X.data[i * X.cols + d] - Y.data[j * Y.cols + d]) ** 2;
    vals.push(s);
  }
  vals.sort((a, b) => a - b);
  return vals[200];
}

async function blockData(
  X: Matrix,
  Y: Matrix,
  kind: BackendKind,
  origin: string,
): Promise<BlockData> {
  const backend = await createBackend({ prefer: [kind] });
  const rhoX = rhoPattern(X.rows, 0.1);
  const rhoY = rhoPattern(Y.rows, 0.7);
  const eps = medianSqDist(X, Y);
  const chunk = Math.max(1, Math.floor(2 ** 20 / Y.rows));
  const gflop = blockFlops(X.rows, Y.rows, X.cols) / 1e9;
  return {
    X,
    Y,
    rhoX,
    rhoY,
    eps,
    chunk,
    backend,
    matrices: { X, Y, rhoX: row(rhoX), rhoY: row(rhoY) },
    params: { eps, chunk },
    label: `${X.rows}x${Y.rows} R^${X.cols} ${backend.kind}/${backend.engine} ${backend.precision}, ${gflop.toFixed(2)} GFLOP (${origin})`,
  };
}

/** Row sums of the kernel block, computed chunk by chunk. */
function rowSums(d: BlockData): Float64Array {
  const { X, Y, chunk, backend } = d;
  const D = X.cols;
  const out = new Float64Array(X.rows);
  for (let a = 0; a < X.rows; a += chunk) {
    const b = Math.min(X.rows, a + chunk);
    const Xa: Matrix = { rows: b - a, cols: D, data: X.data.subarray(a * D, b * D) };
    const K = backend.kernelBlock(Xa, Y, {
      eps: d.eps,
      rhoQueries: d.rhoX.subarray(a, b),
      rhoTraining: d.rhoY,
    });
    for (let i = 0; i < b - a; i++) {
      let s = 0;
      for (let j = 0; j < Y.rows; j++) s += K.data[i * Y.rows + j];
      out[a + i] = s;
    }
  }
  return out;
}

/** Row sums agree with numpy's: 1e-9 relative for float64, 1e-4 for float32 blocks. */
function checkSums(ours: Float64Array, reference: unknown, d: BlockData): CheckResult {
  const ref = (reference as { rowSums: number[] }).rowSums;
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    worst = Math.max(worst, Math.abs(ours[i] - ref[i]) / Math.max(1e-300, Math.abs(ref[i])));
  }
  const tol = d.backend.precision === "float64" ? 1e-9 : 1e-4;
  return {
    ok: worst <= tol,
    detail: `${ours.length} row sums, max rel diff ${worst.toExponential(1)} (tolerance ${tol})`,
  };
}

async function torusData(quick: boolean, kind: BackendKind): Promise<BlockData> {
  const [q, n] = quick ? [2000, 4000] : [10_000, 20_000];
  const X = embeddedTorus({ n: q, seed: 51 }).points;
  const Y = embeddedTorus({ n, seed: 52 }).points;
  return blockData(X, Y, kind, "embedded torus");
}

async function fashionData(quick: boolean, kind: BackendKind): Promise<BlockData> {
  const [q, n] = quick ? [500, 1500] : [2000, 6000];
  try {
    const { images: Y } = await loadFashionMnist({ split: "train", limit: n });
    const { images: X } = await loadFashionMnist({ split: "test", limit: q });
    return blockData(X, Y, kind, "Fashion-MNIST test × train");
  } catch (e) {
    if (!(e instanceof ManifoldError && e.code === "DATA_NOT_FOUND")) throw e;
    const cloud = (m: number, seed: number) =>
      addNoise(
        embedInHighDim(gaussianCloud({ n: m, dim: 10, seed }).points, { dim: 784, seed: 61 })
          .points,
        {
          sigma: 0.05,
          seed: seed + 1,
        },
      );
    return blockData(cloud(q, 62), cloud(n, 64), kind, "synthetic: Fashion-MNIST not installed");
  }
}

function blockCase(name: string, make: (quick: boolean) => Promise<BlockData>): BenchCase {
  return defineCase<BlockData, Float64Array>({
    name,
    setup: ({ quick }) => make(quick),
    run: rowSums,
    python: { script: "gpu.py", args: [] },
    check: checkSums,
  });
}

export const cases: BenchCase[] = [
  blockCase("gpu-kernel-3d-cpu", (q) => torusData(q, "cpu")),
  blockCase("gpu-kernel-3d-wasm", (q) => torusData(q, "wasm")),
  blockCase("gpu-kernel-784d-cpu", (q) => fashionData(q, "cpu")),
  blockCase("gpu-kernel-784d-wasm", (q) => fashionData(q, "wasm")),
];
