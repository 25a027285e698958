import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  // Examples import "manifold-geom" as a user would; in tests that is this checkout's source
  // (as tsconfig's paths say), never a dist/ that a fresh clone has not built.
  resolve: {
    alias: [
      { find: /^manifold-geom\/grassmann$/, replacement: src("grassmann/index.ts") },
      { find: /^manifold-geom\/gpu$/, replacement: src("gpu/index.ts") },
      { find: /^manifold-geom$/, replacement: src("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report feeds the "N passed, N failed" line that .ci/run prints.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
