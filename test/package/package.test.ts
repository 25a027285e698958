/**
 * The published package: ESM, CJS and types build, and importing one function
 * into a bundle does not pull in the rest of the library (tree-shaking).
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
let work = "";

async function bundle(entry: string): Promise<string> {
  const file = join(work, `${entry.length}-${Math.abs(hash(entry))}.mjs`);
  writeFileSync(file, entry);
  const out = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    minify: false,
    treeShaking: true,
    absWorkingDir: work,
    logLevel: "silent",
  });
  return out.outputFiles[0].text;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

beforeAll(() => {
  execFileSync(
    process.execPath,
    [join(root, "node_modules/tsup/dist/cli-default.js"), "--silent"],
    {
      cwd: root,
      stdio: "pipe",
    },
  );
  work = mkdtempSync(join(tmpdir(), "manifold-geom-pkg-"));
  mkdirSync(join(work, "node_modules"));
  symlinkSync(root, join(work, "node_modules", "manifold-geom"), "dir");
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("package build", () => {
  it("emits ESM, CJS and type declarations named in package.json", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    const entry = pkg.exports["."];
    for (const f of [
      entry.import.default,
      entry.import.types,
      entry.require.default,
      entry.require.types,
    ]) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
  });

  it("loads through require (CJS) and import (ESM) with the same API", async () => {
    const req = createRequire(join(work, "index.cjs"));
    const cjs = req("manifold-geom");
    const esm = await import(join(root, "dist/index.js"));
    for (const name of ["knn", "cidm", "ManifoldError", "toMatrix", "createRng"]) {
      expect(typeof cjs[name], name).toBe("function");
      expect(typeof esm[name], name).toBe("function");
    }
    const err = new cjs.ManifoldError("EMPTY_INPUT", "x");
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe("EMPTY_INPUT");
  });

  it("tree-shakes: a bundle importing knn contains no eigensolver, CIDM or dense-EVD code", async () => {
    const knnOnly = await bundle(
      'import { knn } from "manifold-geom";\nconsole.log(knn([[0], [1], [3]], 2));\n',
    );
    const everything = await bundle('import * as mg from "manifold-geom";\nconsole.log(mg);\n');
    expect(knnOnly).toContain("function knn");
    for (const absent of [
      "lanczosEigs",
      "laplacianEigs",
      "tuneBandwidth",
      "symTridiagEig",
      "function svd",
    ]) {
      expect(knnOnly, absent).not.toContain(absent);
      expect(everything, absent).toContain(absent);
    }
    // The kNN bundle is a small fraction of the whole library.
    expect(knnOnly.length).toBeLessThan(everything.length / 3);
  });
});
