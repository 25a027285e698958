/**
 * Memory and vector kernels of one eigensolve (internal). A workspace hands
 * out Float64Array / Int32Array regions; with WebAssembly SIMD they live in
 * one WebAssembly memory owned by the solve (so the SIMD kernels can work on
 * them in place), otherwise they are ordinary typed arrays. The kernel set
 * {@link VecKernels} has the same results either way: the WebAssembly kernels
 * repeat the TypeScript ones operation for operation (see `wasmKernels.ts`),
 * and any array outside the memory is simply handed to the TypeScript kernel.
 *
 * @module
 * @internal
 */
import { ManifoldError } from "../errors/index.js";
import { pagesFor } from "../wasm/assembler.js";
import { combineInto, dotAt, dotMany, subtractMany } from "./kernels.js";
import { instantiateKrylovKernels, type KrylovWasmExports } from "./wasmKernels.js";

/**
 * The vector kernels of the Krylov solver. Bases are stored as consecutive
 * length-n blocks of one Float64Array (vector i at offset i·n).
 */
export interface VecKernels {
  /** True for the WebAssembly SIMD kernels. */
  readonly simd: boolean;
  /** `Σ_{t<n} a[ao+t]·b[bo+t]` (four partial sums, see {@link dotAt}). 2n flops. */
  dotAt(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number;
  /** `c[i] = b_iᵀz` for i < count (see {@link dotMany}). 2·count·n flops. */
  dotMany(z: Float64Array, B: Float64Array, count: number, n: number, c: Float64Array): void;
  /** `z ← z − Σ_{i<count} c[i]·b_i` (see {@link subtractMany}). 2·count·n flops. */
  subtractMany(z: Float64Array, B: Float64Array, count: number, n: number, c: Float64Array): void;
  /** `out_c = Σ_{j<a} C[c·a + j]·v_j`, c < k (see {@link combineInto}). 2·a·k·n flops. */
  combine(
    V: Float64Array,
    a: number,
    n: number,
    C: Float64Array,
    k: number,
    out: Float64Array,
  ): void;
  /** `y = A x`, A exactly symmetric given by its upper triangle (see {@link spmvSymUpper}). */
  spmvSym(
    uptr: Int32Array,
    uidx: Int32Array,
    udata: Float64Array,
    rows: number,
    x: Float64Array,
    y: Float64Array,
  ): void;
  /** `y = A x` for the CSR matrix (indptr, indices, data) with `rows` rows. 2·nnz flops. */
  spmv(
    indptr: Int32Array,
    indices: Int32Array,
    data: Float64Array,
    rows: number,
    x: Float64Array,
    y: Float64Array,
  ): void;
}

/**
 * `y_r = Σ_{t ∈ row r} data[t]·x[indices[t]]`, each row summed left to right
 * in one accumulator (the order of `spmv` in `src/sparse`). Cost 2·nnz flops.
 */
export function spmvCsr(
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array,
  rows: number,
  x: Float64Array,
  y: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const end = indptr[r + 1];
    for (let t = indptr[r]; t < end; t++) s += data[t] * x[indices[t]];
    y[r] = s;
  }
}

/**
 * `y = A x` for an exactly symmetric A given by its upper triangle (c ≥ r) in
 * CSR: y is zeroed, then row r adds its upper terms to y_r (which by then
 * holds the terms of columns c < r in increasing c) and adds a_rc·x_r to y_c
 * for c > r. Each y_r is thus the same left-to-right row sum as
 * {@link spmvCsr} computes, bit for bit, while the matrix is read once.
 * Cost 2·nnz flops, (nnz + n)/2 stored entries.
 */
export function spmvSymUpper(
  uptr: Int32Array,
  uidx: Int32Array,
  udata: Float64Array,
  rows: number,
  x: Float64Array,
  y: Float64Array,
): void {
  y.fill(0, 0, rows);
  for (let r = 0; r < rows; r++) {
    const xr = x[r];
    let s = y[r];
    const end = uptr[r + 1];
    for (let p = uptr[r]; p < end; p++) {
      const c = uidx[p];
      const a = udata[p];
      s += a * x[c];
      if (c !== r) y[c] += a * xr;
    }
    y[r] = s;
  }
}

/** The pure TypeScript kernels. */
export function tsKernels(): VecKernels {
  return {
    simd: false,
    dotAt,
    dotMany,
    subtractMany,
    combine: combineInto,
    spmv: spmvCsr,
    spmvSym: spmvSymUpper,
  };
}

/** The WebAssembly kernels on `memory`; arrays outside it go to the TypeScript kernels. */
function wasmKernels(memory: WebAssembly.Memory, ex: KrylovWasmExports): VecKernels {
  // True when every array lies in the module's memory (else the TypeScript twin runs).
  const inMemory = (...arrays: ArrayBufferView[]): boolean => {
    const buf = memory.buffer;
    for (const x of arrays) if (x.buffer !== buf) return false;
    return true;
  };
  return {
    simd: true,
    dotAt(a, ao, b, bo, n) {
      if (!inMemory(a, b)) return dotAt(a, ao, b, bo, n);
      return ex.dot(a.byteOffset + 8 * ao, b.byteOffset + 8 * bo, 8 * (n - (n % 4)), 8 * n);
    },
    dotMany(z, B, count, n, c) {
      if (!inMemory(z, B, c)) {
        dotMany(z, B, count, n, c);
        return;
      }
      ex.dotMany(z.byteOffset, B.byteOffset, count, 8 * n, 8 * (n - (n % 2)), c.byteOffset);
    },
    subtractMany(z, B, count, n, c) {
      if (!inMemory(z, B, c)) {
        subtractMany(z, B, count, n, c);
        return;
      }
      ex.subMany(z.byteOffset, B.byteOffset, count, 8 * n, 8 * (n - (n % 2)), c.byteOffset);
    },
    combine(V, a, n, C, k, out) {
      if (!inMemory(V, C, out)) {
        combineInto(V, a, n, C, k, out);
        return;
      }
      // Chunks of 512 elements: a·4 KiB of V stays in cache while all k outputs read it.
      ex.comb(V.byteOffset, a, 8 * n, C.byteOffset, k, out.byteOffset, 8 * (n - (n % 8)), 4096);
    },
    spmvSym(uptr, uidx, udata, rows, x, y) {
      if (!inMemory(uptr, uidx, udata, x, y)) {
        spmvSymUpper(uptr, uidx, udata, rows, x, y);
        return;
      }
      ex.spmvSym(
        uptr.byteOffset,
        uidx.byteOffset,
        udata.byteOffset,
        x.byteOffset,
        y.byteOffset,
        rows,
      );
    },
    spmv(indptr, indices, data, rows, x, y) {
      if (!inMemory(indptr, indices, data, x, y)) {
        spmvCsr(indptr, indices, data, rows, x, y);
        return;
      }
      ex.spmv(
        indptr.byteOffset,
        indices.byteOffset,
        data.byteOffset,
        x.byteOffset,
        y.byteOffset,
        rows,
      );
    },
  };
}

/** A region of a workspace; `view()` is valid until the workspace next grows. */
export interface Slot<T extends Float64Array | Int32Array> {
  /** Length in elements. */
  readonly length: number;
  /** The region as a typed array (re-created after the memory grew). */
  view(): T;
}

/** Memory and kernels of one solve. */
export interface Workspace {
  /** The kernels (WebAssembly SIMD when available). */
  readonly kern: VecKernels;
  /** A zeroed Float64Array region of `length` elements. */
  f64(length: number): Slot<Float64Array>;
  /** A zeroed Int32Array region of `length` elements. */
  i32(length: number): Slot<Int32Array>;
  /**
   * Number of times the memory has grown; every view taken before a growth
   * is detached (length 0) and must be taken again from its slot.
   */
  readonly generation: number;
}

/** Plain typed arrays and the TypeScript kernels. */
function plainWorkspace(): Workspace {
  return {
    kern: tsKernels(),
    generation: 0,
    f64(length) {
      const a = new Float64Array(length);
      return { length, view: () => a };
    },
    i32(length) {
      const a = new Int32Array(length);
      return { length, view: () => a };
    },
  };
}

/**
 * A workspace for a solve that needs about `bytes` bytes: one WebAssembly
 * memory of that size (regions 16-byte aligned, growing on demand) with the
 * SIMD kernels, or — when WebAssembly SIMD is unavailable, `wasm` is false,
 * or the memory cannot be had — plain typed arrays with the TypeScript
 * kernels. Both give identical results. Cost: the allocation.
 *
 * @throws ManifoldError `INVALID_PARAMETER` if a later region does not fit
 *   and the WebAssembly memory cannot grow (out of memory).
 */
export function createWorkspace(bytes: number, wasm = true): Workspace {
  if (!wasm || typeof WebAssembly !== "object") return plainWorkspace();
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.max(1, pagesFor(bytes + 64)) });
  } catch {
    return plainWorkspace();
  }
  const ex = instantiateKrylovKernels(memory);
  if (ex === null) return plainWorkspace();
  let top = 16;
  let generation = 0;
  const reserve = (byteLength: number): number => {
    const off = top;
    top += Math.ceil(byteLength / 16) * 16;
    const have = memory.buffer.byteLength;
    if (top > have) {
      try {
        memory.grow(pagesFor(top - have));
      } catch {
        throw new ManifoldError(
          "INVALID_PARAMETER",
          `lanczosEigs: out of WebAssembly memory (${Math.ceil(top / 2 ** 20)} MiB requested); lower ncv or nev.`,
        );
      }
      generation++;
    }
    return off;
  };
  const slot = <T extends Float64Array | Int32Array>(
    length: number,
    make: (buf: ArrayBuffer, off: number, len: number) => T,
    size: number,
  ): Slot<T> => {
    const off = reserve(length * size);
    let v = make(memory.buffer, off, length);
    return {
      length,
      view() {
        if (v.buffer !== memory.buffer) v = make(memory.buffer, off, length);
        return v;
      },
    };
  };
  return {
    kern: wasmKernels(memory, ex),
    get generation() {
      return generation;
    },
    f64: (length) => slot(length, (b, o, l) => new Float64Array(b, o, l), 8),
    i32: (length) => slot(length, (b, o, l) => new Int32Array(b, o, l), 4),
  };
}
