/**
 * Interleaved timing of the single-threaded calls against 2 workers of a warm pool (one
 * process, alternating runs, median of 7), so that both sides see the same machine state.
 * Run: npx tsx bench/parallel-check.mts
 */
import {
  cidm,
  createWorkerPool,
  embeddedTorus,
  embedInHighDim,
  knn,
  knnAsync,
  nystromProject,
  nystromProjectAsync,
} from "../src/index.js";

const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
async function compare(name: string, one: () => unknown, two: () => Promise<unknown>) {
  await one();
  await two();
  const t1: number[] = [];
  const t2: number[] = [];
  for (let r = 0; r < 7; r++) {
    let t = performance.now();
    await one();
    t1.push(performance.now() - t);
    t = performance.now();
    await two();
    t2.push(performance.now() - t);
  }
  const a = med(t1);
  const b = med(t2);
  console.log(
    `${name}: 1 thread ${a.toFixed(0)} ms, 2 workers ${b.toFixed(0)} ms, speed-up ${(a / b).toFixed(2)}×`,
  );
}

const pool = await createWorkerPool({ workers: 2 });
try {
  const torus = embeddedTorus({ n: 100_000, seed: 1 }).points;
  await compare(
    "kNN kd-tree R³ N=100k k=32",
    () => knn(torus, 32),
    () => knnAsync(torus, 32, { pool }),
  );
  const hi = embedInHighDim(embeddedTorus({ n: 20_000, seed: 2 }).points, {
    dim: 50,
    seed: 3,
  }).points;
  await compare(
    "kNN brute R⁵⁰ N=20k k=32",
    () => knn(hi, 32),
    () => knnAsync(hi, 32, { pool }),
  );
  const model = cidm(embeddedTorus({ n: 20_000, seed: 4 }).points, { k: 16, nEigs: 20 });
  const q = embeddedTorus({ n: 100_000, seed: 5 }).points;
  await compare(
    "projection 100k queries, N=20k, L=20",
    () => nystromProject(model, q, { nEigs: 20 }),
    () => nystromProjectAsync(model, q, { nEigs: 20, pool }),
  );
} finally {
  await pool.close();
}
