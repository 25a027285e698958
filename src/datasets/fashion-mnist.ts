/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from IDX files: 28×28 grey-level images of
 * clothing in 10 classes, 60 000 train and 10 000 test.
 *
 * The decoders ({@link parseIdx}, {@link decodeFashionMnist}) are pure and run anywhere; only
 * {@link loadFashionMnist} touches the file system, and it reaches Node's `fs`/`zlib` at call
 * time (never at import), so importing this module in a browser bundle pulls in no Node code.
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { requireChoice } from "./options.js";

/** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 2049;

/** A decoded IDX array of unsigned bytes. */
export interface IdxArray {
  /** The magic number (0x0800 + number of dimensions for unsigned bytes). */
  magic: number;
  /** The dimensions, outermost first (e.g. [count, 28, 28]). */
  dims: number[];
  /** The values, row-major, a view into the input (not copied). */
  values: Uint8Array;
}

/**
 * Decode an IDX file of unsigned bytes: a big-endian header (magic 0x0000_08_nd, then nd
 * uint32 sizes) followed by Π sizes bytes. Checks the magic number against `expectMagic` and
 * the payload length against the header. Cost O(1) (the values are a view, not a copy).
 *
 * @param bytes - the uncompressed file contents.
 * @param expectMagic - {@link IDX_IMAGES_MAGIC} or {@link IDX_LABELS_MAGIC}.
 * @param name - the file name, for error messages.
 * @throws ManifoldError `INVALID_PARAMETER` when the magic number is wrong (not this kind of
 *   IDX file), `DIMENSION_MISMATCH` when the file is shorter or longer than its header says.
 * @example
 * ```ts
 * import { IDX_LABELS_MAGIC, parseIdx } from "manifold-geom";
 * // A labels file: magic 2049 and one dimension (3), big-endian, then the bytes 7, 0, 9.
 * const bytes = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9);
 * const { magic, dims, values } = parseIdx(bytes, IDX_LABELS_MAGIC, "labels");
 * console.log(magic, dims, values); // 2049 [ 3 ] Uint8Array(3) [ 7, 0, 9 ]
 * ```
 */
export function parseIdx(bytes: Uint8Array, expectMagic: number, name = "IDX file"): IdxArray {
  if (bytes.length < 4) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${name} has ${bytes.length} bytes, too short for an IDX header; the file is truncated.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectMagic) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} has magic number ${magic} but ${expectMagic} was expected (${expectMagic === IDX_IMAGES_MAGIC ? "images" : "labels"}); check that dir and split point at the Fashion-MNIST IDX files.`,
      { name, magic, expected: expectMagic },
    );
  }
  const nd = magic & 0xff;
  const headerBytes = 4 + 4 * nd;
  if (bytes.length < headerBytes) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${name} has ${bytes.length} bytes, shorter than its ${headerBytes}-byte header; the file is truncated.`,
    );
  }
  const dims: number[] = [];
  let size = 1;
  for (let d = 0; d < nd; d++) {
    const s = view.getUint32(4 + 4 * d, false);
    dims.push(s);
    size *= s;
  }
  if (bytes.length !== headerBytes + size) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${name}: header says ${dims.join("×")} = ${size} values (${headerBytes + size} bytes) but the file has ${bytes.length} bytes; the file is truncated or corrupt.`,
      { name, dims, bytes: bytes.length },
    );
  }
  return { magic, dims, values: bytes.subarray(headerBytes) };
}

/** Fashion-MNIST images and labels. */
export interface FashionMnistData {
  /** count×(rows·cols) matrix, pixel value/255 ∈ [0, 1], row-major pixels (0 = background). */
  images: Matrix;
  /** Class labels 0..9 (T-shirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot). */
  labels: Int32Array;
  /** Image height (28). */
  rows: number;
  /** Image width (28). */
  cols: number;
}

/**
 * Decode uncompressed IDX image and label files into {@link FashionMnistData}; keeps the first
 * `limit` examples (default all). Pure: use it in a browser after fetching (and, if needed,
 * gunzipping with `DecompressionStream`) the files. Cost O(count·rows·cols) time, 8 bytes per
 * pixel (60 000 train images: 376 MB; pass `limit` for less).
 *
 * @throws ManifoldError as {@link parseIdx}; `DIMENSION_MISMATCH` when the image and label
 *   counts differ; `INVALID_PARAMETER` for a bad limit.
 * @example
 * ```ts
 * import { decodeFashionMnist } from "manifold-geom";
 * // Two 1×2 images (pixels 0, 255 and 51, 102) with labels 3 and 8.
 * const images = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 51, 102);
 * const labels = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 3, 8);
 * const data = decodeFashionMnist(images, labels);
 * console.log(data.images.data, data.labels); // Float64Array(4) [ 0, 1, 0.2, 0.4 ] Int32Array(2) [ 3, 8 ]
 * ```
 */
export function decodeFashionMnist(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  options: { limit?: number; imageName?: string; labelName?: string } = {},
): FashionMnistData {
  const img = parseIdx(imageBytes, IDX_IMAGES_MAGIC, options.imageName ?? "images file");
  const lab = parseIdx(labelBytes, IDX_LABELS_MAGIC, options.labelName ?? "labels file");
  const [count, rows, cols] = img.dims;
  if (lab.dims[0] !== count) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${options.imageName ?? "images file"} has ${count} images but ${options.labelName ?? "labels file"} has ${lab.dims[0]} labels; they must come from the same split.`,
      { images: count, labels: lab.dims[0] },
    );
  }
  const limit = options.limit === undefined ? count : requireInt(options.limit, "limit", 1);
  const m = Math.min(limit, count);
  const pixels = rows * cols;
  const data = new Float64Array(m * pixels);
  const src = img.values;
  for (let t = 0; t < m * pixels; t++) data[t] = src[t] / 255;
  const labels = new Int32Array(m);
  for (let i = 0; i < m; i++) labels[i] = lab.values[i];
  return { images: { rows: m, cols: pixels, data }, labels, rows, cols };
}

/** Options for {@link loadFashionMnist}. */
export interface LoadFashionMnistOptions {
  /** Folder holding the IDX files (default `/usr/share/datasets/fashion-mnist`, the Debian package's). */
  dir?: string;
  /** `"train"` (default; 60 000 examples, files `train-*`) or `"test"` (10 000, files `t10k-*`). */
  split?: "train" | "test";
  /** Keep only the first `limit` examples (default all). */
  limit?: number;
}

/** Default folder of the Debian/Ubuntu package `dataset-fashion-mnist`. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

type NodeFs = typeof import("node:fs/promises");
type NodeZlib = typeof import("node:zlib");

/**
 * Load a Node builtin at call time. `process.getBuiltinModule` (Node ≥ 20.16) needs no import
 * at all; the fallback imports a non-literal specifier so that bundlers do not try to resolve
 * a Node module for the browser.
 */
async function nodeBuiltin<T>(id: string): Promise<T> {
  const proc = (
    globalThis as {
      process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown };
    }
  ).process;
  if (proc?.versions?.node === undefined) {
    throw new ManifoldError(
      "DATA_NOT_FOUND",
      "loadFashionMnist reads files and needs Node.js; in a browser, fetch the IDX files yourself and call decodeFashionMnist(imageBytes, labelBytes).",
    );
  }
  const direct = proc.getBuiltinModule?.(id);
  if (direct !== undefined) return direct as T;
  const specifier = id;
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as T;
}

async function readIdxFile(fs: NodeFs, zlib: NodeZlib, dir: string, base: string) {
  for (const name of [`${base}.gz`, base]) {
    const path = `${dir.replace(/[\\/]+$/, "")}/${name}`;
    let raw: Uint8Array;
    try {
      raw = await fs.readFile(path);
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") continue;
      throw e;
    }
    // Gzip by content (magic 1f 8b), not by name, so a renamed file still reads.
    const bytes =
      raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw;
    return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path };
  }
  throw new ManifoldError(
    "DATA_NOT_FOUND",
    `Fashion-MNIST file ${base}(.gz) not found in ${dir}. Install with: sudo apt-get install dataset-fashion-mnist (Debian/Ubuntu, files go to ${FASHION_MNIST_DIR}), or download the IDX files and pass { dir } pointing at their folder.`,
    { dir, file: base },
  );
}

/**
 * Read Fashion-MNIST from IDX files (`train-images-idx3-ubyte[.gz]`,
 * `train-labels-idx1-ubyte[.gz]`, and `t10k-…` for the test split), gzipped or not, checking
 * the magic numbers (2051 images, 2049 labels) and sizes. Node only (async: the `fs`/`zlib`
 * builtins are loaded on the first call). Cost: reading and inflating ≈ 30 MB (train), then
 * as {@link decodeFashionMnist}.
 *
 * @example
 * ```ts
 * import { loadFashionMnist, ManifoldError } from "manifold-geom";
 * try {
 *   const { images, labels } = await loadFashionMnist({ split: "test", limit: 20 });
 *   console.log(images.rows, images.cols, labels.length); // 20 784 20
 * } catch (e) {
 *   // Without the files: DATA_NOT_FOUND, and the message says how to install them.
 *   if (!(e instanceof ManifoldError && e.code === "DATA_NOT_FOUND")) throw e;
 *   console.log(e.code);
 * }
 * ```
 * @throws ManifoldError `DATA_NOT_FOUND` when a file is absent (the message says how to
 *   install it), plus the errors of {@link decodeFashionMnist}.
 */
export async function loadFashionMnist(
  options: LoadFashionMnistOptions = {},
): Promise<FashionMnistData> {
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const split = requireChoice(options.split ?? "train", "loadFashionMnist: split", [
    "train",
    "test",
  ]);
  if (options.limit !== undefined) requireInt(options.limit, "loadFashionMnist: limit", 1);
  const prefix = split === "train" ? "train" : "t10k";
  const fs = await nodeBuiltin<NodeFs>("node:fs/promises");
  const zlib = await nodeBuiltin<NodeZlib>("node:zlib");
  const images = await readIdxFile(fs, zlib, dir, `${prefix}-images-idx3-ubyte`);
  const labels = await readIdxFile(fs, zlib, dir, `${prefix}-labels-idx1-ubyte`);
  return decodeFashionMnist(images.bytes, labels.bytes, {
    limit: options.limit,
    imageName: images.path,
    labelName: labels.path,
  });
}
