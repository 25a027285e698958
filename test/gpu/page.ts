/**
 * Browser page script of test/gpu/browser.test.ts (bundled with esbuild, gpu.js resolved to
 * its "browser" build): selects a backend with the default preference, checks its kernel block
 * against the float64 CPU backend within the stated bound and its kNN against the CPU path
 * (bit-identical), optionally times a few blocks, and publishes everything on
 * `window.__gpuResult`.
 */
import { createBackend, kernelErrorBound, sqDistErrorBound } from "../../src/gpu/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { buildIndex, knn, knnQuery } from "../../src/neighbors/index.js";
import { createRng } from "../../src/random/index.js";

function randomMatrix(rows: number, cols: number, seed: number, scale = 1, offset = 0): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(rows * cols);
  for (let t = 0; t < data.length; t++) data[t] = offset + scale * rng.normal();
  return { rows, cols, data };
}

function centredSqNorms(X: Matrix, mu: Float64Array): Float64Array {
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let d = 0; d < X.cols; d++) s += (X.data[i * X.cols + d] - mu[d]) ** 2;
    out[i] = s;
  }
  return out;
}

function arraysEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

async function main() {
  const params = new URLSearchParams(location.search);
  const backend = await createBackend();
  const cpu = await createBackend({ prefer: ["cpu"] });
  const D = 5;
  const X = randomMatrix(64, D, 1, 1, 2);
  const Y = randomMatrix(300, D, 2, 1, 2);
  const rq = Float64Array.from({ length: 64 }, (_, i) => 0.5 + 0.01 * i);
  const rt = Float64Array.from({ length: 300 }, (_, j) => 0.6 + 0.002 * j);
  const eps = 0.9;
  const S = backend.sqDistBlock(X, Y);
  const S0 = cpu.sqDistBlock(X, Y);
  const K = backend.kernelBlock(X, Y, { eps, rhoQueries: rq, rhoTraining: rt });
  const K0 = cpu.kernelBlock(X, Y, { eps, rhoQueries: rq, rhoTraining: rt });
  const mu = new Float64Array(D);
  for (let j = 0; j < Y.rows; j++) for (let d = 0; d < D; d++) mu[d] += Y.data[j * D + d] / Y.rows;
  const nx = centredSqNorms(X, mu);
  const ny = centredSqNorms(Y, mu);
  let sqViolations = 0;
  let kViolations = 0;
  let worstSqRel = 0;
  let worstKRel = 0;
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < Y.rows; j++) {
      const t = i * Y.rows + j;
      const E = sqDistErrorBound(D, backend.unitRoundoff, nx[i], ny[j]);
      const errS = Math.abs(S.data[t] - S0.data[t]);
      if (!(errS <= E)) sqViolations++;
      worstSqRel = Math.max(worstSqRel, errS / (nx[i] + ny[j]));
      const scale = eps * (rq[i] * rt[j]);
      const errK = Math.abs(K.data[t] - K0.data[t]);
      if (
        !(errK <= kernelErrorBound(K0.data[t], E, S0.data[t] / scale, scale, backend.unitRoundoff))
      )
        kViolations++;
      if (K0.data[t] > 1e-6) worstKRel = Math.max(worstKRel, errK / K0.data[t]);
    }
  }
  // kNN in R^40 (brute force), with exact duplicates: identical with and without the backend.
  const P = randomMatrix(400, 40, 3);
  P.data.copyWithin(200 * 40, 0, 100 * 40);
  const Qm = randomMatrix(50, 40, 4);
  const base = knn(P, 8);
  const withB = knn(P, 8, { backend });
  const index = buildIndex(P);
  const baseQ = knnQuery(index, Qm, 8);
  const withQ = knnQuery(index, Qm, 8, { backend });
  const knnIdentical =
    arraysEqual(base.indices, withB.indices) &&
    arraysEqual(base.distances, withB.distances) &&
    arraysEqual(baseQ.indices, withQ.indices) &&
    arraysEqual(baseQ.distances, withQ.distances);

  const timings: { label: string; ms: number; gflops: number; cpuMs: number }[] = [];
  const sizes = (params.get("bench") ?? "")
    .split(",")
    .filter((s) => s.length > 0)
    .map((s) => s.split("x").map(Number));
  for (const [q, n, d] of sizes) {
    const A = randomMatrix(q, d, 5);
    const B = randomMatrix(n, d, 6);
    const p = {
      eps: 1,
      rhoQueries: new Float64Array(q).fill(1),
      rhoTraining: new Float64Array(n).fill(1),
    };
    backend.kernelBlock(randomMatrix(4, d, 7), randomMatrix(8, d, 8), {
      eps: 1,
      rhoQueries: new Float64Array(4).fill(1),
      rhoTraining: new Float64Array(8).fill(1),
    });
    let t0 = performance.now();
    backend.kernelBlock(A, B, p);
    const ms = performance.now() - t0;
    t0 = performance.now();
    cpu.kernelBlock(A, B, p);
    const cpuMs = performance.now() - t0;
    timings.push({
      label: `${q}x${n} R^${d}`,
      ms,
      gflops: (q * n * (3 * d + 4)) / ms / 1e6,
      cpuMs,
    });
  }
  const result = {
    kind: backend.kind,
    engine: backend.engine,
    precision: backend.precision,
    tried: backend.tried,
    hasWebGpu: (navigator as unknown as { gpu?: unknown }).gpu !== undefined,
    sqViolations,
    kViolations,
    worstSqRel,
    worstKRel,
    knnIdentical,
    timings,
  };
  console.log(`gpu backend selected in the browser: ${JSON.stringify(result)}`);
  backend.dispose();
  cpu.dispose();
  return result;
}

const w = window as unknown as { __gpuResult?: unknown; __gpuError?: string };
main().then(
  (r) => {
    w.__gpuResult = r;
  },
  (e: unknown) => {
    w.__gpuError = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
  },
);
