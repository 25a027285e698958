import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    grassmann: "src/grassmann/index.ts",
    // manifold-geom/gpu: loads gpu.js (an optional peer, kept external) by dynamic import.
    gpu: "src/gpu/index.ts",
    // Worker-thread entry of src/parallel: the pool starts dist/worker.{js,cjs} by URL.
    worker: "src/parallel/worker.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  // Keep one output module per source module so bundlers can tree-shake
  // what a user does not import.
  splitting: true,
  treeshake: true,
  target: "es2022",
  // import.meta.url in the CJS build (src/parallel/pool.ts locates worker.cjs with it).
  shims: true,
});
