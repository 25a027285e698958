/**
 * CIDM at scale, wall time per stage and peak resident memory. Two runs (one per process, so
 * that each peak RSS is its own):
 *
 * - `full` (default): one fit of N points on the embedded torus in R³ (default N = 100 000,
 *   k = 16, 20 eigenpairs). Targets (issue 4): < 60 s and < 2 GB on a 2-core machine.
 * - `landmarks`: N points (default 1 000 000) of a 2-manifold (the flat torus, Kronecker
 *   sampling) isometrically embedded in R⁵⁰; landmark CIDM (m = 5000 Poisson-disk landmarks,
 *   k = 16, 20 eigenpairs) and the Nyström extension of the 20 eigenfunctions to all N points,
 *   then nystromProject throughput on 100 000 of the points. Targets (issue 10): fit +
 *   extension < 5 min and < 8 GB.
 *
 * Writes (merges into) bench/results-scale.json under the run's name.
 *
 * Run: npm run bench:scale [-- full [N]] ; npm run bench:scale -- landmarks [N] [m]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cidm, cidmKernel, laplacianEigs } from "../src/cidm/index.js";
import { embeddedTorus, embedInHighDim, flatTorus } from "../src/datasets/index.js";
import { nystromProject } from "../src/nystrom/index.js";

const mode = process.argv[2] === "landmarks" ? "landmarks" : "full";
const numArgs = process.argv.slice(2).filter((a) => a !== "full" && a !== "landmarks");

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
/** Peak RSS in bytes: the OS's high-water mark (maxRSS, KiB) or our 50 ms sampling. */
const peakRss = () => Math.max(peak, process.resourceUsage().maxRSS * 1024);
const timer = setInterval(sample, 50);
const mib = (b: number) => b / 2 ** 20;

function save(result: Record<string, unknown>): void {
  const file = new URL("./results-scale.json", import.meta.url);
  let all: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      const old = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      // The file used to hold the full run alone: keep it under "full".
      all = "full" in old || "landmarks" in old ? old : { full: old };
    } catch {
      all = {};
    }
  }
  all[mode] = result;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

function fullRun(): void {
  const N = Number(numArgs[0] ?? 100_000);
  const { points } = embeddedTorus({ n: N, seed: 7 });
  sample();
  const t0 = performance.now();
  const kernel = cidmKernel(points, { k: 16 });
  const t1 = performance.now();
  sample();
  const eig = laplacianEigs(kernel, 20, { tol: 1e-9, seed: 0 });
  const t2 = performance.now();
  sample();
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    N,
    k: 16,
    nEigs: 20,
    kernelSeconds: (t1 - t0) / 1000,
    eigenSeconds: (t2 - t1) / 1000,
    totalSeconds: (t2 - t0) / 1000,
    peakRssMiB: mib(peakRss()),
    eps: kernel.eps,
    nnz: kernel.stats.nnz,
    maxResidual: Math.max(...eig.residuals),
    ratios: Array.from(eig.xi.subarray(1, 9), (x) => x / eig.xi[1]),
  };
  console.log(
    `CIDM N=${N} torus R^3 k=16 M=20: kernel (kNN + ε + values) ${result.kernelSeconds.toFixed(2)} s, ` +
      `eigenpairs ${result.eigenSeconds.toFixed(2)} s, total ${result.totalSeconds.toFixed(2)} s ` +
      `(target < 60 s); peak RSS ${result.peakRssMiB.toFixed(0)} MiB (target < 2048 MiB); ` +
      `max residual ${result.maxResidual.toExponential(1)}`,
  );
  save(result);
}

function landmarkRun(): void {
  const N = Number(numArgs[0] ?? 1_000_000);
  const m = Number(numArgs[1] ?? 5000);
  const dim = 50;
  const tg = performance.now();
  const torus = flatTorus({ n: N, sampling: "kronecker" });
  const { points, basis } = embedInHighDim(torus.points, { dim, seed: 3 });
  const genSeconds = (performance.now() - tg) / 1000;
  sample();
  const stages: Record<string, number> = {};
  let stage = "";
  let mark = performance.now();
  let lastLine = 0;
  const onProgress = (f: number, s: string) => {
    sample();
    const now = performance.now();
    if (s !== stage) {
      if (stage) stages[stage] = (now - mark) / 1000;
      stage = s;
      mark = now;
    }
    if (process.stdout.isTTY && now - lastLine > 500) {
      process.stdout.write(`\r  ${(100 * f).toFixed(1).padStart(5)}%  ${s.padEnd(12)}`);
      lastLine = now;
    }
  };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const model = cidm(points, { k: 16, nEigs: 20, landmarks: m, onProgress });
  const fitSeconds = (performance.now() - t0) / 1000;
  stages[stage] = (performance.now() - mark) / 1000; // the last stage ends with the call
  const c1 = process.cpuUsage(c0);
  // CPU time of this process (user + system): equals wall time on an idle machine with one
  // thread; on a shared machine it is the better measure of the work done.
  const fitCpuSeconds = (c1.user + c1.system) / 1e6;
  if (process.stdout.isTTY) process.stdout.write("\r");
  sample();

  // Spectrum check: the flat torus truths 1×4, 2×4, 4×4, 5×8 (first 19 ratios).
  const truth = [1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5];
  const errs = truth.map((t, j) => Math.abs(model.xi[j + 1] / model.xi[1] - t) / t);

  const Q = 100_000;
  const queries = { rows: Q, cols: dim, data: points.data.subarray(0, Q * dim) };
  const tp = performance.now();
  const proj = nystromProject(model, queries, { nEigs: 20 });
  const projSeconds = (performance.now() - tp) / 1000;
  sample();
  // Projection error: distance from ι(x) to the embedded torus (each circle of radius 1).
  let projErr = 0;
  for (let q = 0; q < Q; q += 10) {
    // Back to R⁴ through the basis rows (orthonormal): x4 = Y Bᵀ.
    const y = proj.points.data.subarray(q * dim, (q + 1) * dim);
    const B = basis.data;
    const x = [0, 0, 0, 0].map((_, r) => {
      let s = 0;
      for (let c = 0; c < dim; c++) s += y[c] * B[r * dim + c];
      return s;
    });
    projErr = Math.max(
      projErr,
      Math.abs(Math.hypot(x[0], x[1]) - 1),
      Math.abs(Math.hypot(x[2], x[3]) - 1),
    );
  }
  clearInterval(timer);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    N,
    ambientDim: dim,
    manifold: "flat torus S¹×S¹ (Kronecker), isometric random embedding in R^50",
    m,
    landmarkMethod: model.landmarks?.method,
    k: 16,
    nEigs: 20,
    dataGenerationSeconds: genSeconds,
    stageSeconds: stages,
    fitAndExtendSeconds: fitSeconds,
    fitAndExtendCpuSeconds: fitCpuSeconds,
    peakRssMiB: mib(peakRss()),
    maxRatioError: Math.max(...errs),
    ratios: Array.from(model.xi.subarray(1, 20), (x) => x / model.xi[1]),
    projection: {
      points: Q,
      seconds: projSeconds,
      pointsPerSecond: Q / projSeconds,
      maxRadiusError: projErr,
    },
  };
  const st = Object.entries(stages)
    .map(([s, t]) => `${s} ${t.toFixed(1)} s`)
    .join(", ");
  console.log(
    `Landmark CIDM N=${N} in R^${dim} (2-manifold), m=${m} ${result.landmarkMethod}, k=16, M=20: ` +
      `${st}; fit + extension ${fitSeconds.toFixed(1)} s wall, ${fitCpuSeconds.toFixed(1)} s CPU (target < 300 s); ` +
      `peak RSS ${result.peakRssMiB.toFixed(0)} MiB (target < 8192 MiB); ` +
      `ratios max error ${(100 * result.maxRatioError).toFixed(2)}%`,
  );
  console.log(
    `nystromProject on ${Q} of the points: ${projSeconds.toFixed(1)} s = ${(Q / projSeconds).toFixed(0)} points/s; ` +
      `max distance-to-torus error ${projErr.toExponential(2)}`,
  );
  save(result);
}

if (mode === "landmarks") landmarkRun();
else fullRun();
clearInterval(timer);
