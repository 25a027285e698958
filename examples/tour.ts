/**
 * The tour: runs the examples in order with a short narrative, writes every figure as an SVG
 * (image grids as PGM) under tour-output/, and lists the files at the end.
 *
 * Run: npm run tour
 * Environment: FASHION_MNIST_DIR (folder of the IDX files; default the Debian package's),
 * TOUR_OUTPUT_DIR (default tour-output), TOUR_QUIET (no progress bars).
 */
import { loadFashionMnist } from "manifold-geom";
import { fashionDir, heading, OUT_DIR, writtenFiles } from "./util.js";

interface Stop {
  title: string;
  story: string;
  load: () => Promise<{ main: () => void | Promise<void> }>;
}

const stops: Stop[] = [
  {
    title: "1. Exact nearest neighbours",
    story:
      "Everything starts from neighbours. knn() is exact (kd-tree in low dimension, blocked brute force\nin high), self-inclusive, sorted, ties broken by index.",
    load: () => import("./knn.js"),
  },
  {
    title: "2. Conformally invariant diffusion maps",
    story:
      "CIDM scales the kernel by the k-NN distance ρ, so the graph Laplacian's spectrum is that of the\nmanifold, not of the sampling density. The bandwidth ε is chosen automatically.",
    load: () => import("./cidm-circle.js"),
  },
  {
    title: "3. Nyström extension and projection",
    story:
      "A fitted model extends its eigenfunctions, and any function, to new points; the Nyström projection\nι(x) = Σ x̂_ℓ φ_ℓ(x) maps any point of data space back onto the learned manifold.",
    load: () => import("./nystrom.js"),
  },
  {
    title: "4. SEC tangent vector fields vs local PCA",
    story:
      "Spectral exterior calculus builds tangent vector fields from the eigenfunctions alone. On a\nnoisy, unevenly sampled circle the lowest-energy field is tangent everywhere; local PCA is not.",
    load: () => import("./sec.js"),
  },
  {
    title: "5. On-manifold PGD",
    story:
      "An on-manifold adversarial walk steps along the tangential part of a classifier's loss gradient\n(SEC tangent basis) and projects back onto the learned manifold (Nyström) after every step.",
    load: () => import("./pgd.js"),
  },
  {
    title: "6. Grassmann geometry",
    story:
      "Subspaces are points of a Grassmann manifold. Principal angles are computed from sines where they\nare small, so an angle of 1e-9 is exact; means of subspaces come from the same SVDs.",
    load: () => import("./grassmann.js"),
  },
  {
    title: "7. Schubert varieties of best fit",
    story:
      "A Schubert variety of best fit is the set of subspaces that meet a fitted K in c dimensions; its\nminorise–maximise solver with acceleration converges in tens of iterations, and classifiers of\nimage sets are built on it.",
    load: () => import("./schubert.js"),
  },
  {
    title: "8. Approximately vanishing ideals",
    story:
      "A class manifold can also be described by polynomials that vanish on it: ABM finds them degree\nby degree, and |p(z)| of the most discriminative ones are features for a linear classifier.",
    load: () => import("./vanishing.js"),
  },
  {
    title: "9. Scale: landmarks",
    story:
      "For large N, cidm({ landmarks: m }) fits on m well-spread landmarks (Poisson-disk elimination)\nand extends the eigenfunctions to every point by Nyström; the spectrum error falls with m.",
    load: () => import("./landmarks.js"),
  },
  {
    title: "10. The GPU backend",
    story:
      "Kernel blocks (squared distances, CIDM kernel values) can run on WebGPU, WebGL or WASM through\ngpu.js; createBackend() says which one it picked, and why it skipped the others.",
    load: () => import("./gpu.js"),
  },
];

async function tour(): Promise<void> {
  console.log("manifold-geom tour");
  const t0 = performance.now();
  try {
    await loadFashionMnist({ dir: fashionDir(), split: "test", limit: 1 });
    console.log("Fashion-MNIST found: the image examples use it.");
  } catch {
    console.log(
      "Fashion-MNIST is not installed: the image examples fall back to synthetic data or are skipped.\nInstall it with: sudo apt-get install dataset-fashion-mnist (or set FASHION_MNIST_DIR).",
    );
  }
  for (const stop of stops) {
    heading(stop.title);
    console.log(`${stop.story}\n`);
    const mod = await stop.load();
    await mod.main();
  }
  const files = writtenFiles();
  heading(`Files written under ${OUT_DIR}/ (open the SVGs in a browser)`);
  for (const f of files) console.log(`  ${f}`);
  console.log(`\nTour finished in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
}

await tour();
