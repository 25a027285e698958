import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", grassmann: "src/grassmann/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  // Keep one output module per source module so bundlers can tree-shake
  // what a user does not import.
  splitting: true,
  treeshake: true,
  target: "es2022",
});
