import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import {
  decodeFashionMnist,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  loadFashionMnist,
  parseIdx,
} from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import { codeOf } from "../shared/errors.js";

/** An IDX file written by hand: big-endian magic, sizes, then the bytes. */
function idx(magic: number, dims: number[], values: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  for (let k = 0; k < dims.length; k++) view.setUint32(4 + 4 * k, dims[k], false);
  out.set(values, 4 + 4 * dims.length);
  return out;
}

// Three 2×3 "images" with known pixels, labels 7, 0, 9.
const PIXELS = [0, 255, 51, 102, 1, 254, 10, 20, 30, 40, 50, 60, 255, 255, 255, 0, 0, 0];
const LABELS = [7, 0, 9];
const imageFile = idx(IDX_IMAGES_MAGIC, [3, 2, 3], PIXELS);
const labelFile = idx(IDX_LABELS_MAGIC, [3], LABELS);

const dirs: string[] = [];
function tempDir(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "fmnist-"));
  dirs.push(dir);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function expectDecoded(d: Awaited<ReturnType<typeof loadFashionMnist>>, count = 3): void {
  expect(d.rows).toBe(2);
  expect(d.cols).toBe(3);
  expect(d.images.rows).toBe(count);
  expect(d.images.cols).toBe(6);
  expect(Array.from(d.images.data)).toEqual(PIXELS.slice(0, 6 * count).map((v) => v / 255));
  expect(Array.from(d.labels)).toEqual(LABELS.slice(0, count));
  expect(d.labels).toBeInstanceOf(Int32Array);
}

describe("Fashion-MNIST IDX reader", () => {
  it("round-trips gzipped train files", async () => {
    const dir = tempDir({
      "train-images-idx3-ubyte.gz": gzipSync(imageFile),
      "train-labels-idx1-ubyte.gz": gzipSync(labelFile),
    });
    expectDecoded(await loadFashionMnist({ dir }));
    expectDecoded(await loadFashionMnist({ dir, split: "train", limit: 2 }), 2);
    expectDecoded(await loadFashionMnist({ dir, limit: 10 }), 3);
  });

  it("round-trips uncompressed t10k files for the test split", async () => {
    const dir = tempDir({
      "t10k-images-idx3-ubyte": imageFile,
      "t10k-labels-idx1-ubyte": labelFile,
    });
    expectDecoded(await loadFashionMnist({ dir, split: "test" }));
    // The train split is absent in this folder.
    await expect(loadFashionMnist({ dir })).rejects.toMatchObject({ code: "DATA_NOT_FOUND" });
  });

  it("reports absent files as DATA_NOT_FOUND with install instructions", async () => {
    const dir = tempDir({});
    const err = await loadFashionMnist({ dir, split: "test" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifoldError);
    expect((err as ManifoldError).code).toBe("DATA_NOT_FOUND");
    const msg = (err as ManifoldError).message;
    expect(msg).toContain("t10k-images-idx3-ubyte");
    expect(msg).toContain(dir);
    expect(msg).toContain("sudo apt-get install dataset-fashion-mnist");
    expect(msg).toContain("{ dir }");
  });

  it("checks magic numbers, sizes and matching counts", () => {
    // Labels where images are expected, and vice versa.
    expect(codeOf(() => decodeFashionMnist(labelFile, labelFile))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => decodeFashionMnist(imageFile, imageFile))).toBe("INVALID_PARAMETER");
    expect(() => parseIdx(labelFile, IDX_IMAGES_MAGIC, "x.idx")).toThrow(/magic number 2049/);
    // Truncated and over-long payloads.
    expect(codeOf(() => decodeFashionMnist(imageFile.subarray(0, 20), labelFile))).toBe(
      "DIMENSION_MISMATCH",
    );
    expect(codeOf(() => parseIdx(new Uint8Array([0, 0, 8]), IDX_LABELS_MAGIC))).toBe(
      "DIMENSION_MISMATCH",
    );
    const long = new Uint8Array(labelFile.length + 1);
    long.set(labelFile);
    expect(codeOf(() => parseIdx(long, IDX_LABELS_MAGIC))).toBe("DIMENSION_MISMATCH");
    // Two labels for three images.
    const twoLabels = idx(IDX_LABELS_MAGIC, [2], [1, 2]);
    expect(codeOf(() => decodeFashionMnist(imageFile, twoLabels))).toBe("DIMENSION_MISMATCH");
    // A header-only parse is a view: dims and values as written.
    const parsed = parseIdx(imageFile, IDX_IMAGES_MAGIC);
    expect(parsed.dims).toEqual([3, 2, 3]);
    expect(Array.from(parsed.values)).toEqual(PIXELS);
  });

  it("bundles for the browser without pulling in any Node builtin", async () => {
    const result = await build({
      entryPoints: ["src/datasets/index.ts"],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes("fashion-mnist"))).toBe(true);
    expect(inputs.filter((p) => p.startsWith("node:"))).toEqual([]);
    const text = result.outputFiles[0].text;
    expect(text).not.toMatch(/from\s*["']node:|require\(\s*["']node:|import\(\s*["']node:/);
  });
});
