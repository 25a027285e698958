/**
 * Grassmann geometry: exact principal angles (tiny ones included), a flag mean, a flag median
 * and a geodesic midpoint.
 *
 * Run: npx tsx examples/grassmann.ts
 */
import { createRng, grassmann, type Matrix } from "manifold-geom";
import { isMain } from "./util.js";

/** An n×p matrix of N(0, 1) entries. */
function gaussian(n: number, p: number, seed: number): Matrix {
  const rng = createRng(seed);
  return { rows: n, cols: p, data: Float64Array.from({ length: n * p }, () => rng.normal()) };
}

export function main(): void {
  // Planted pair in R^20: A = Q[e1..e6], B = Q[cos θ_j e_j + sin θ_j e_{6+j}], Q a random rotation.
  const theta = [1e-9, 1e-5, 0.1, 0.5, 1.2, Math.PI / 2];
  const n = 20;
  const p = theta.length;
  const Q = grassmann.orthonormalize(gaussian(n, n, 1));
  const A: Matrix = { rows: n, cols: p, data: new Float64Array(n * p) };
  const B: Matrix = { rows: n, cols: p, data: new Float64Array(n * p) };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      A.data[i * p + j] = Q.data[i * n + j];
      B.data[i * p + j] =
        Math.cos(theta[j]) * Q.data[i * n + j] + Math.sin(theta[j]) * Q.data[i * n + p + j];
    }
  }
  const recovered = grassmann.principalAngles(A, B);
  console.log("principal angles (planted → recovered, |error|):");
  theta.forEach((t, j) => {
    const err = Math.abs(recovered[j] - t).toExponential(1);
    console.log(
      `  ${t.toExponential(3).padStart(10)} → ${recovered[j].toExponential(3).padStart(10)}  (${err})`,
    );
  });
  for (const metric of [
    "geodesic",
    "chordal",
    "projection",
    "procrustes",
    "fubiniStudy",
  ] as const) {
    console.log(`  distance ${metric.padEnd(11)} = ${grassmann.distance(A, B, metric).toFixed(6)}`);
  }

  // Flag mean and flag median of 12 noisy copies of a 3-dim subspace of R^50 plus 3 outliers.
  const K0 = grassmann.orthonormalize(gaussian(50, 3, 2));
  const noisy = (seed: number): Matrix => {
    const G = gaussian(50, 3, seed);
    const data = K0.data.map((v, t) => v + 0.005 * G.data[t]);
    return grassmann.orthonormalize({ rows: 50, cols: 3, data });
  };
  const inliers = Array.from({ length: 12 }, (_, i) => noisy(100 + i));
  const outliers = Array.from({ length: 3 }, (_, i) =>
    grassmann.orthonormalize(gaussian(50, 3, 200 + i)),
  );
  const points = [...inliers, ...outliers];
  const mean = grassmann.flagMean(points, 3);
  const median = grassmann.flagMedian(points, 3);
  const deg = (X: Matrix) => ((grassmann.distance(X, K0, "projection") * 180) / Math.PI).toFixed(2);
  console.log(`\n12 inliers near K0 ∈ Gr(3, 50) + 3 random outliers:`);
  console.log(`  flag mean:   ${deg(mean.mean)}° from K0 (objective ${mean.objective.toFixed(4)})`);
  console.log(
    `  flag median: ${deg(median.median)}° from K0 (${median.iterations} IRLS iterations)`,
  );

  // Geodesic midpoint: equidistant from both ends, half the distance; it is also the Karcher
  // mean of the two ends (and their flag mean, which karcherMean starts from: 0 steps needed).
  const X = inliers[0];
  const Y = outliers[0];
  const mid = grassmann.geodesic(X, Y)(0.5);
  const d = grassmann.distance(X, Y);
  console.log(`\ngeodesic X → Y, d(X, Y) = ${d.toFixed(6)}:`);
  console.log(
    `  d(mid, X) = ${grassmann.distance(mid, X).toFixed(6)}, d(mid, Y) = ${grassmann.distance(mid, Y).toFixed(6)}`,
  );
  const karcher = grassmann.karcherMean([X, Y]);
  console.log(
    `  Karcher mean of {X, Y}: ${karcher.iterations} steps, largest angle to the midpoint ${Math.max(...grassmann.principalAngles(karcher.mean, mid)).toExponential(1)}`,
  );
}

if (isMain(import.meta.url)) main();
