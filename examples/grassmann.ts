/**
 * Grassmann geometry: exact principal angles (tiny ones included), a flag mean, a flag median
 * and a geodesic midpoint.
 *
 * Run: npx tsx examples/grassmann.ts
 */
import { join } from "node:path";
import { createRng, grassmann, type Matrix, svd } from "manifold-geom";
import { barChart, writeSvg } from "./svg.js";
import { isMain, OUT_DIR } from "./util.js";

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
  // What a cosine-only method returns: θ_j = arccos σ_j(AᵀB). cos θ = 1 − θ²/2 rounds to 1 for
  // θ below about 1e-8, so the smallest angle comes out as rounding noise.
  const AtB: Matrix = { rows: p, cols: p, data: new Float64Array(p * p) };
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let v = 0;
      for (let t = 0; t < n; t++) v += A.data[t * p + i] * B.data[t * p + j];
      AtB.data[i * p + j] = v;
    }
  const cosOnly = Array.from(svd(AtB).s, (c) => Math.acos(Math.min(1, c))).sort((a, b) => a - b);
  // scipy 1.17.1's scipy.linalg.subspace_angles on these same A and B (run offline on this
  // machine; recorded, not computed here: the library has no Python dependency).
  const scipy = [
    2.580956827951785e-8, 9.999989311507563e-6, 0.10000000000000009, 0.5000000000000001,
    1.1999999999999995, 1.5707963267948966,
  ];
  console.log("  same angles by other methods (|error|):");
  for (const [name, vals] of [
    ["arccos σ(AᵀB), cosines only", cosOnly],
    ["scipy 1.17.1 subspace_angles", scipy],
  ] as const) {
    console.log(
      `    ${name.padEnd(30)} ${vals.map((t, j) => `${t.toExponential(2)} (${Math.abs(t - theta[j]).toExponential(0)})`).join(", ")}`,
    );
  }
  const labels = ["1e-9", "1e-5", "0.1", "0.5", "1.2", "π/2"];
  const methods = [
    { name: "principalAngles (sines below π/4)", values: recovered, color: "#1f77b4" },
    { name: "arccos σ(AᵀB) (cosines only)", values: cosOnly, color: "#d62728" },
    { name: "scipy 1.17.1 subspace_angles", values: scipy, color: "#ff7f0e" },
  ];
  const f1 = writeSvg(
    join(OUT_DIR, "grassmann-principal-angles.svg"),
    barChart(labels, [{ name: "planted θ (truth)", values: theta, color: "#7f7f7f" }, ...methods], {
      title: "Principal angles between two 6-dim subspaces of R^20",
      yLabel: "θ (radians, log scale)",
      xLabel: "planted angle",
      yLog: true,
      yDomain: [1e-10, 1e4],
      legend: "top-left",
    }),
  );
  const f2 = writeSvg(
    join(OUT_DIR, "grassmann-angle-errors.svg"),
    barChart(
      labels,
      methods.map((m) => ({ ...m, values: m.values.map((t, j) => Math.abs(t - theta[j])) })),
      {
        title: "Absolute error |θ̂ − θ| of the principal angles",
        yLabel: "|error| (log scale; 0 drawn as a stub)",
        xLabel: "planted angle",
        yLog: true,
        yDomain: [1e-18, 1e2],
        legend: "top-right",
      },
    ),
  );
  console.log(`  bar charts: ${f1} (values), ${f2} (errors)`);
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
