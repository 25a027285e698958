/**
 * k-nearest-neighbour cases: kd-tree on a 3-D torus vs scipy's cKDTree, and blocked brute
 * force in 50-D and 784-D vs numpy.
 */
import {
  addNoise,
  embeddedTorus,
  embedInHighDim,
  gaussianCloud,
  loadFashionMnist,
} from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type KnnResult, knn } from "../../src/neighbors/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

const K = 33;
const SAMPLE_ROWS = 200;

interface KnnData extends CaseData {
  readonly X: Matrix;
  readonly k: number;
}

function knnData(X: Matrix, label: string, threads: number): KnnData {
  const step = X.rows / SAMPLE_ROWS;
  const sampleRows = Array.from({ length: Math.min(SAMPLE_ROWS, X.rows) }, (_, i) =>
    Math.floor(i * step),
  );
  return { X, k: K, matrices: { X }, params: { k: K, sampleRows, threads }, label };
}

function exactDistance(X: Matrix, i: number, j: number): number {
  let s = 0;
  for (let c = 0; c < X.cols; c++) {
    const d = X.data[i * X.cols + c] - X.data[j * X.cols + c];
    s += d * d;
  }
  return Math.sqrt(s);
}

/**
 * Our neighbour sets equal Python's on the sample rows, up to ties at the k-th distance: the
 * sorted exact distances agree (1e-9 relative) and any index in only one set sits at the
 * k-th distance. Also checks that our reported distances are the exact ones.
 */
function checkKnn(ours: KnnResult, reference: unknown, data: KnnData): CheckResult {
  const ref = reference as { rows: number[]; indices: number[][]; distances: number[][] };
  const { X, k } = data;
  let worstDist = 0;
  let worstReported = 0;
  let setMismatches = 0;
  for (let s = 0; s < ref.rows.length; s++) {
    const q = ref.rows[s];
    const ourIdx = Array.from(ours.indices.subarray(q * k, (q + 1) * k));
    const ourExact = ourIdx.map((j) => exactDistance(X, q, j));
    for (let r = 0; r < k; r++) {
      const rep = ours.distances[q * k + r];
      worstReported = Math.max(worstReported, Math.abs(rep - ourExact[r]) / (1 + ourExact[r]));
    }
    const a = [...ourExact].sort((x, y) => x - y);
    const b = [...ref.distances[s]].sort((x, y) => x - y);
    for (let r = 0; r < k; r++) worstDist = Math.max(worstDist, Math.abs(a[r] - b[r]) / (1 + b[r]));
    const kth = b[k - 1];
    const refSet = new Set(ref.indices[s]);
    const ourSet = new Set(ourIdx);
    for (const j of ourIdx) {
      if (!refSet.has(j) && Math.abs(exactDistance(X, q, j) - kth) > 1e-9 * (1 + kth))
        setMismatches++;
    }
    for (const j of ref.indices[s]) {
      if (!ourSet.has(j) && Math.abs(exactDistance(X, q, j) - kth) > 1e-9 * (1 + kth))
        setMismatches++;
    }
  }
  const ok = setMismatches === 0 && worstDist <= 1e-9 && worstReported <= 1e-9;
  return {
    ok,
    detail: `${ref.rows.length} rows: index sets ${setMismatches === 0 ? "equal" : `differ (${setMismatches})`}, distances max rel diff ${worstDist.toExponential(1)}, reported vs exact ${worstReported.toExponential(1)}`,
  };
}

async function fashionOrSynthetic(n: number, threads: number): Promise<KnnData> {
  try {
    const { images } = await loadFashionMnist({ split: "train", limit: n });
    return knnData(images, `N=${images.rows} R^784 k=${K} (Fashion-MNIST train images)`, threads);
  } catch (e) {
    if (!(e instanceof ManifoldError && e.code === "DATA_NOT_FOUND")) throw e;
    // 10-D Gaussian latent, isometrically embedded in R^784, plus 0.05 ambient noise.
    const latent = gaussianCloud({ n, dim: 10, seed: 31 }).points;
    const X = addNoise(embedInHighDim(latent, { dim: 784, seed: 32 }).points, {
      sigma: 0.05,
      seed: 33,
    });
    return knnData(X, `N=${n} R^784 k=${K} (synthetic: Fashion-MNIST not installed)`, threads);
  }
}

export const cases: BenchCase[] = [
  defineCase<KnnData, KnnResult>({
    name: "knn-torus-3d",
    setup: ({ quick, threads }) => {
      const n = quick ? 5000 : 20_000;
      const X = embeddedTorus({ n, seed: 1 }).points;
      return knnData(X, `N=${n} R^3 k=${K} (embedded torus; kd-tree vs cKDTree)`, threads);
    },
    run: (d) => knn(d.X, d.k),
    python: { script: "knn.py", args: ["kdtree"] },
    check: checkKnn,
  }),
  defineCase<KnnData, KnnResult>({
    name: "knn-gauss-50d",
    setup: ({ quick, threads }) => {
      const n = quick ? 5000 : 20_000;
      const X = gaussianCloud({ n, dim: 50, seed: 2 }).points;
      return knnData(X, `N=${n} R^50 k=${K} (Gaussian; brute force vs numpy)`, threads);
    },
    run: (d) => knn(d.X, d.k),
    python: { script: "knn.py", args: ["brute"] },
    check: checkKnn,
  }),
  defineCase<KnnData, KnnResult>({
    name: "knn-fmnist-784d",
    setup: ({ quick, threads }) => fashionOrSynthetic(quick ? 2000 : 10_000, threads),
    run: (d) => knn(d.X, d.k),
    python: { script: "knn.py", args: ["brute"] },
    check: checkKnn,
  }),
];
