/**
 * A WebAssembly SIMD (f64x2) micro-kernel for the blocked matrix product
 * (internal). The module is assembled here, instruction by instruction, at
 * first use; when WebAssembly or its SIMD extension is unavailable,
 * {@link gemmWasmKernel} returns null and the pure TypeScript kernel is used.
 *
 * Kernel `k(aOff, bOff, cOff, kc, panels)` (byte offsets into the module's
 * memory): for each panel jp < panels, the 4×4 tile
 *   T[r][c] = Σ_{p<kc} Ap[p·4 + r] · Bp[jp·kc·4 + p·4 + c]
 * is written row-major to cOff + jp·128. Ap and Bp are packed as in the
 * TypeScript kernel. Two f64x2 accumulators per row hold the tile.
 *
 * @module
 * @internal
 */

/** Byte layout of the kernel's memory (see {@link GemmWasmKernel}). */
export const WASM_KC = 256;
export const WASM_NC = 512;
const A_OFF = 0;
const C_OFF = A_OFF + WASM_KC * 4 * 8;
const B_OFF = C_OFF + (WASM_NC / 4) * 16 * 8;
const BYTES = B_OFF + WASM_KC * WASM_NC * 8;
const PAGES = Math.ceil(BYTES / 65536);

/** The instantiated kernel and typed views on its memory. */
export interface GemmWasmKernel {
  /** Run the micro-kernel over `panels` panels of depth `kc`. */
  run(kc: number, panels: number): void;
  /** Packed A sliver (4·kc doubles). */
  ap: Float64Array;
  /** Packed B block (kc·4·panels doubles). */
  bp: Float64Array;
  /** Output tiles, 16 doubles per panel. */
  tiles: Float64Array;
}

let cached: GemmWasmKernel | null | undefined;

/** The SIMD kernel, instantiated once; null where WebAssembly SIMD is unavailable. */
export function gemmWasmKernel(): GemmWasmKernel | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = assemble();
    if (!WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const k = instance.exports.k as (
      a: number,
      b: number,
      c: number,
      kc: number,
      panels: number,
    ) => void;
    const mem = instance.exports.m as WebAssembly.Memory;
    cached = {
      run: (kc, panels) => k(A_OFF, B_OFF, C_OFF, kc, panels),
      ap: new Float64Array(mem.buffer, A_OFF, WASM_KC * 4),
      bp: new Float64Array(mem.buffer, B_OFF, WASM_KC * WASM_NC),
      tiles: new Float64Array(mem.buffer, C_OFF, (WASM_NC / 4) * 16),
    };
  } catch {
    cached = null;
  }
  return cached;
}

// ---- a minimal assembler -------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

// Opcodes.
const I32 = 0x7f;
const V128 = 0x7b;
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const I32_ADD = [0x6a];
const I32_SUB = [0x6b];
const I32_MUL = [0x6c];
const I32_GE_S = [0x4e];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const memarg = (offset: number) => [3, ...uleb(offset)]; // alignment hint 2^3
const v128Load = (offset: number) => simd(0x00, ...memarg(offset));
const v128Store = (offset: number) => simd(0x0b, ...memarg(offset));
const load64Splat = (offset: number) => simd(0x0a, ...memarg(offset));
const v128Zero = simd(0x0c, ...new Array(16).fill(0));
const F64X2_ADD = simd(0xf0);
const F64X2_MUL = simd(0xf2);
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const br = (depth: number) => [0x0c, ...uleb(depth)];

function assemble(): Uint8Array<ArrayBuffer> {
  // Params: 0 aOff, 1 bOff, 2 cOff, 3 kc, 4 panels. Locals: 5 jp, 6 a, 7 b, 8 p,
  // 9..16 accumulators (row r: 9 + 2r columns 0–1, 10 + 2r columns 2–3), 17 b01, 18 b23, 19 splat.
  const [AOFF, BOFF, COFF, KC, PANELS, JP, A, B, P] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const acc = (r: number, half: number) => 9 + 2 * r + half;
  const [B01, B23, AV] = [17, 18, 19];
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) code.push(...p);
  };
  emit(i32c(0), set(JP), BLOCK, LOOP);
  emit(get(JP), get(PANELS), I32_GE_S, brIf(1));
  for (let t = 0; t < 8; t++) emit(v128Zero, set(9 + t));
  emit(get(AOFF), set(A));
  // b = bOff + jp·kc·32
  emit(get(BOFF), get(JP), get(KC), I32_MUL, i32c(32), I32_MUL, I32_ADD, set(B));
  emit(get(KC), set(P), LOOP);
  emit(get(B), v128Load(0), set(B01), get(B), v128Load(16), set(B23));
  for (let r = 0; r < 4; r++) {
    emit(get(A), load64Splat(8 * r), set(AV));
    emit(get(acc(r, 0)), get(AV), get(B01), F64X2_MUL, F64X2_ADD, set(acc(r, 0)));
    emit(get(acc(r, 1)), get(AV), get(B23), F64X2_MUL, F64X2_ADD, set(acc(r, 1)));
  }
  emit(get(A), i32c(32), I32_ADD, set(A));
  emit(get(B), i32c(32), I32_ADD, set(B));
  emit(get(P), i32c(1), I32_SUB, [0x22, ...uleb(P)], brIf(0), END); // local.tee p; loop while p ≠ 0
  // Store the tile at cOff + jp·128 (reuse local b as the address).
  emit(get(COFF), get(JP), i32c(128), I32_MUL, I32_ADD, set(B));
  for (let r = 0; r < 4; r++) {
    emit(get(B), get(acc(r, 0)), v128Store(32 * r));
    emit(get(B), get(acc(r, 1)), v128Store(32 * r + 16));
  }
  emit(get(JP), i32c(1), I32_ADD, set(JP), br(0), END, END);
  const body = [...uleb(2), ...uleb(4), I32, ...uleb(11), V128, ...code, ...END];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [...uleb(1), 0x60, ...uleb(5), I32, I32, I32, I32, I32, ...uleb(0)]),
    ...section(3, [...uleb(1), ...uleb(0)]),
    ...section(5, [...uleb(1), 0x00, ...uleb(PAGES)]),
    ...section(7, [...uleb(2), ...name("k"), 0x00, ...uleb(0), ...name("m"), 0x02, ...uleb(0)]),
    ...section(10, [...uleb(1), ...uleb(body.length), ...body]),
  ];
  return new Uint8Array(bytes);
}
