/**
 * Build the interactive demo: bundle demo/main.ts (and the library source it imports) for the
 * browser into demo/dist/. The GPU backend (src/gpu, and gpu.js which it imports on demand) is
 * loaded by dynamic import, so it lands in separate chunks fetched after the page is up.
 *
 * Usage: `node scripts/build-demo.mjs` (then `node scripts/serve-demo.mjs`).
 */
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Bundle the demo. Returns the output folder, the files written and the build time (ms).
 *
 * @param {{ outdir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outdir: string, files: string[], ms: number }>}
 */
export async function buildDemo(options = {}) {
  const t0 = performance.now();
  const outdir = resolve(options.outdir ?? join(ROOT, "demo", "dist"));
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(ROOT, "demo", "main.ts")],
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: options.minify ?? false,
    sourcemap: true,
    metafile: true,
    logLevel: "silent",
  });
  const files = Object.keys(result.metafile.outputs).map((f) => resolve(f));
  return { outdir, files, ms: performance.now() - t0 };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outdir, files, ms } = await buildDemo({ minify: process.argv.includes("--minify") });
  console.log(`demo built in ${ms.toFixed(0)} ms into ${outdir} (${files.length} files)`);
}
