/**
 * A minimal WebAssembly assembler (internal): LEB128 encoders, opcode constants,
 * instruction encoders, function-body / section / module framing, and a
 * compile-once helper that returns null where WebAssembly (or its SIMD
 * extension) is unavailable, so callers fall back to plain TypeScript.
 *
 * Binary format: WebAssembly Core Specification 2.0, §5 (binary encoding),
 * plus the fixed-width SIMD proposal (prefix byte 0xFD, then the SIMD opcode
 * as an unsigned LEB128).
 *
 * Nothing here runs at import time: every top-level binding is a literal or a
 * function, so a bundle keeps only the pieces its kernels call.
 *
 * @module
 * @internal
 */
import { ManifoldError } from "../errors/index.js";

// ---- LEB128 --------------------------------------------------------------

/**
 * Unsigned LEB128 encoding of an integer `n ∈ [0, 2³² − 1]`: little-endian
 * groups of 7 bits, `n = Σ_i (b_i & 0x7F)·128^i`, with bit 7 set on every byte
 * but the last. Cost O(log₁₂₈ n).
 *
 * @throws ManifoldError `INVALID_PARAMETER` if `n` is not an integer in range.
 */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `uleb: ${String(n)} is not an integer in [0, 2^32 - 1].`,
    );
  }
  const out: number[] = [];
  let rest = n;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/**
 * Signed LEB128 encoding of an integer `n ∈ [−2³¹, 2³¹ − 1]` (two's
 * complement): 7-bit groups, little-endian, stopping at the first group whose
 * sign bit (0x40) agrees with the remaining high bits. Cost O(log₁₂₈ |n|).
 *
 * @throws ManifoldError `INVALID_PARAMETER` if `n` is not an integer in range.
 */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `sleb: ${String(n)} is not an integer in [-2^31, 2^31 - 1].`,
    );
  }
  const out: number[] = [];
  let rest = n;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A name (import/export): its byte length then its bytes; ASCII names only. Cost O(|s|). */
export function encodeName(s: string): number[] {
  const out = uleb(s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0x7f);
  return out;
}

/** A vector: element count (unsigned LEB128) then the concatenated elements. */
export function vec(items: readonly (readonly number[])[]): number[] {
  const out = uleb(items.length);
  for (const item of items) for (const b of item) out.push(b);
  return out;
}

// ---- opcode tables -------------------------------------------------------
// One exported constant per opcode, so that a bundle keeps only those its
// kernels use.

/** Value types. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
/** A value type byte. */
export type ValType = (typeof ValType)[keyof typeof ValType];

/** The empty block type (a block/loop with no parameters or results). */
export const BLOCK_VOID = 0x40;

// Control and variable instructions (spec §5.4.1, §5.4.4).
/** `block` (takes a block type; see {@link block}). */
export const BLOCK = 0x02;
/** `loop` (takes a block type; see {@link loop}). */
export const LOOP = 0x03;
/** `end` of a block, loop or function body. */
export const END = 0x0b;
/** `br l`. */
export const BR = 0x0c;
/** `br_if l`. */
export const BR_IF = 0x0d;
/** `return`. */
export const RETURN = 0x0f;
/** `drop`. */
export const DROP = 0x1a;
/** `local.get x`. */
export const LOCAL_GET = 0x20;
/** `local.set x`. */
export const LOCAL_SET = 0x21;
/** `local.tee x`. */
export const LOCAL_TEE = 0x22;
// Memory instructions (spec §5.4.6): each takes a memarg (alignment log2, byte offset).
/** `i32.load memarg`. */
export const I32_LOAD = 0x28;
/** `f64.load memarg`. */
export const F64_LOAD = 0x2b;
/** `f64.store memarg`. */
export const F64_STORE = 0x39;
// Numeric instructions (spec §5.4.7).
/** `i32.const n`. */
export const I32_CONST = 0x41;
/** `f64.const z`. */
export const F64_CONST = 0x44;
/** `i32.eqz`. */
export const I32_EQZ = 0x45;
/** `i32.eq`. */
export const I32_EQ = 0x46;
/** `i32.ne`. */
export const I32_NE = 0x47;
/** `i32.lt_s`. */
export const I32_LT_S = 0x48;
/** `i32.lt_u`. */
export const I32_LT_U = 0x49;
/** `i32.gt_s`. */
export const I32_GT_S = 0x4a;
/** `i32.gt_u`. */
export const I32_GT_U = 0x4b;
/** `i32.le_s`. */
export const I32_LE_S = 0x4c;
/** `i32.le_u`. */
export const I32_LE_U = 0x4d;
/** `i32.ge_s`. */
export const I32_GE_S = 0x4e;
/** `i32.ge_u`. */
export const I32_GE_U = 0x4f;
/** `i32.add`. */
export const I32_ADD = 0x6a;
/** `i32.sub`. */
export const I32_SUB = 0x6b;
/** `i32.mul`. */
export const I32_MUL = 0x6c;
/** `i32.shl`. */
export const I32_SHL = 0x74;
/** `f64.add`. */
export const F64_ADD = 0xa0;
/** `f64.sub`. */
export const F64_SUB = 0xa1;
/** `f64.mul`. */
export const F64_MUL = 0xa2;
/** `f64.div`. */
export const F64_DIV = 0xa3;

/** The SIMD prefix byte. */
export const SIMD_PREFIX = 0xfd;
// SIMD opcodes: the number after the 0xFD prefix (emit with {@link simd} / {@link simdMem}).
/** `v128.load memarg`. */
export const V128_LOAD = 0x00;
/** `v128.load64_splat memarg`. */
export const V128_LOAD64_SPLAT = 0x0a;
/** `v128.store memarg`. */
export const V128_STORE = 0x0b;
/** `v128.const` (16 immediate bytes; see {@link v128Const}). */
export const V128_CONST = 0x0c;
/** `f64x2.splat`. */
export const F64X2_SPLAT = 0x14;
/** `f64x2.extract_lane l`. */
export const F64X2_EXTRACT_LANE = 0x21;
/** `f64x2.replace_lane l`. */
export const F64X2_REPLACE_LANE = 0x22;
/** `f64x2.abs`. */
export const F64X2_ABS = 0xec;
/** `f64x2.neg`. */
export const F64X2_NEG = 0xed;
/** `f64x2.sqrt`. */
export const F64X2_SQRT = 0xef;
/** `f64x2.add`. */
export const F64X2_ADD = 0xf0;
/** `f64x2.sub`. */
export const F64X2_SUB = 0xf1;
/** `f64x2.mul`. */
export const F64X2_MUL = 0xf2;
/** `f64x2.div`. */
export const F64X2_DIV = 0xf3;
/** `f64x2.min`. */
export const F64X2_MIN = 0xf4;
/** `f64x2.max`. */
export const F64X2_MAX = 0xf5;

/** Export/import descriptor kind: function. */
export const EXTERN_FUNC = 0x00;
/** Export/import descriptor kind: memory. */
export const EXTERN_MEMORY = 0x02;

// ---- instructions with immediates ------------------------------------------
// Each returns the bytes of one instruction; {@link emit} appends them.

/**
 * Append instructions to `code`: each part is either a single immediate-free
 * opcode byte (e.g. {@link I32_ADD}) or the bytes of one instruction (e.g.
 * `localGet(3)`). Cost O(bytes).
 */
export function emit(code: number[], ...parts: (number | readonly number[])[]): void {
  for (const part of parts) {
    if (typeof part === "number") code.push(part);
    else for (const b of part) code.push(b);
  }
}

/** `local.get i`. */
export function localGet(i: number): number[] {
  return [LOCAL_GET, ...uleb(i)];
}

/** `local.set i`. */
export function localSet(i: number): number[] {
  return [LOCAL_SET, ...uleb(i)];
}

/** `local.tee i`. */
export function localTee(i: number): number[] {
  return [LOCAL_TEE, ...uleb(i)];
}

/** `i32.const v` (signed LEB128 immediate). */
export function i32Const(v: number): number[] {
  return [I32_CONST, ...sleb(v)];
}

/** `f64.const v` (the 8 IEEE 754 bytes, little-endian). */
export function f64Const(v: number): number[] {
  return [F64_CONST, ...f64Bytes(v)];
}

/** `block` with the empty block type. */
export function block(): number[] {
  return [BLOCK, BLOCK_VOID];
}

/** `loop` with the empty block type. */
export function loop(): number[] {
  return [LOOP, BLOCK_VOID];
}

/** `br depth`. */
export function br(depth: number): number[] {
  return [BR, ...uleb(depth)];
}

/** `br_if depth`. */
export function brIf(depth: number): number[] {
  return [BR_IF, ...uleb(depth)];
}

/** A SIMD instruction: `0xFD`, `op` (unsigned LEB128), then raw immediate bytes. */
export function simd(op: number, ...immediates: number[]): number[] {
  return [SIMD_PREFIX, ...uleb(op), ...immediates];
}

/** A SIMD memory instruction with memarg: alignment hint 2^alignLog2 (default 8 bytes), byte offset. */
export function simdMem(op: number, offset: number, alignLog2 = 3): number[] {
  return [SIMD_PREFIX, ...uleb(op), ...uleb(alignLog2), ...uleb(offset)];
}

/**
 * `v128.const` with the given 16 little-endian bytes.
 *
 * @throws ManifoldError `INVALID_PARAMETER` unless exactly 16 bytes are given.
 */
export function v128Const(bytes: readonly number[]): number[] {
  if (bytes.length !== 16) {
    throw new ManifoldError("INVALID_PARAMETER", `v128Const: need 16 bytes, got ${bytes.length}.`);
  }
  return simd(V128_CONST, ...bytes);
}

/** The 8 little-endian bytes of the IEEE 754 double `v`. */
export function f64Bytes(v: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v, true);
  const out: number[] = [];
  for (let i = 0; i < 8; i++) out.push(view.getUint8(i));
  return out;
}

// ---- function bodies, sections, modules ----------------------------------

/** Run-length local declarations: `[count, type]` groups, in index order after the parameters. */
export type LocalGroups = readonly (readonly [count: number, type: ValType])[];

/**
 * A code-section entry: `size, vec(locals), code…, end`. The final `end` is
 * appended here, so `code` holds only the function's instructions.
 */
export function functionBody(locals: LocalGroups, code: readonly number[]): number[] {
  const body = vec(locals.map(([count, type]) => [...uleb(count), type]));
  for (const b of code) body.push(b);
  body.push(END);
  return [...uleb(body.length), ...body];
}

/** A section: id byte, byte length (unsigned LEB128), contents. */
export function section(id: number, contents: readonly number[]): number[] {
  return [id, ...uleb(contents.length), ...contents];
}

/** Memory limits in 64 KiB pages. */
export interface Limits {
  /** Initial pages. */
  min: number;
  /** Maximum pages (none when omitted). */
  max?: number;
}

function limits(l: Limits): number[] {
  return l.max === undefined ? [0x00, ...uleb(l.min)] : [0x01, ...uleb(l.min), ...uleb(l.max)];
}

/** One function of a {@link ModuleSpec}. */
export interface FuncSpec {
  /** Parameter types (locals 0 … params.length − 1). */
  params: readonly ValType[];
  /** Result types. */
  results: readonly ValType[];
  /** Further locals, numbered after the parameters. */
  locals: LocalGroups;
  /** Instruction bytes (see {@link emit}), without the final `end`. */
  code: readonly number[];
  /** Export name (not exported when omitted). */
  export?: string;
}

/**
 * A module of functions and at most one memory, either defined here or
 * imported. Function i has type i and function index i (no function imports).
 */
export interface ModuleSpec {
  /** The functions, in index order. */
  funcs: readonly FuncSpec[];
  /** A memory defined by the module, optionally exported under `export`. */
  memory?: Limits & { export?: string };
  /** A memory imported as `module.name` (exclusive with `memory`). */
  importMemory?: Limits & { module: string; name: string };
}

/** Bytes per WebAssembly memory page (64 KiB). */
export const PAGE_BYTES = 65536;

/** Pages needed to hold `bytes` bytes: ⌈bytes / 65536⌉. */
export function pagesFor(bytes: number): number {
  return Math.ceil(bytes / PAGE_BYTES);
}

/**
 * The binary module for `spec`: magic and version, then the type, import,
 * function, memory, export and code sections (empty ones omitted), in the
 * order the specification requires. Functions are exported before the
 * memory. Cost O(module size).
 *
 * @throws ManifoldError `INVALID_PARAMETER` if both `memory` and `importMemory` are given.
 */
export function assembleModule(spec: ModuleSpec): Uint8Array<ArrayBuffer> {
  if (spec.memory !== undefined && spec.importMemory !== undefined) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "assembleModule: give memory or importMemory, not both (one memory per module).",
    );
  }
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const add = (bytes: readonly number[]) => {
    for (const b of bytes) out.push(b);
  };
  const { funcs, memory, importMemory } = spec;
  if (funcs.length > 0) {
    const types = funcs.map((f) => [
      0x60,
      ...vec(f.params.map((t) => [t])),
      ...vec(f.results.map((t) => [t])),
    ]);
    add(section(1, vec(types)));
  }
  if (importMemory !== undefined) {
    const imp = [
      ...encodeName(importMemory.module),
      ...encodeName(importMemory.name),
      EXTERN_MEMORY,
      ...limits(importMemory),
    ];
    add(section(2, vec([imp])));
  }
  if (funcs.length > 0) add(section(3, vec(funcs.map((_, i) => uleb(i)))));
  if (memory !== undefined) add(section(5, vec([limits(memory)])));
  const exports: number[][] = [];
  funcs.forEach((f, i) => {
    if (f.export !== undefined) exports.push([...encodeName(f.export), EXTERN_FUNC, ...uleb(i)]);
  });
  if (memory?.export !== undefined) {
    exports.push([...encodeName(memory.export), EXTERN_MEMORY, ...uleb(0)]);
  }
  if (exports.length > 0) add(section(7, vec(exports)));
  if (funcs.length > 0) add(section(10, vec(funcs.map((f) => functionBody(f.locals, f.code)))));
  return new Uint8Array(out);
}

// ---- compiling and instantiating -----------------------------------------

let compiledCache: Map<() => Uint8Array<ArrayBuffer>, WebAssembly.Module | null> | undefined;

/**
 * The module built by `build`, validated and compiled on the first call for
 * that builder and cached thereafter; null (also cached) when WebAssembly is
 * missing, the bytes do not validate (e.g. no SIMD support) or compilation
 * throws. Never throws.
 */
export function compileOnce(build: () => Uint8Array<ArrayBuffer>): WebAssembly.Module | null {
  if (compiledCache === undefined) compiledCache = new Map();
  const hit = compiledCache.get(build);
  if (hit !== undefined) return hit;
  let mod: WebAssembly.Module | null = null;
  try {
    if (typeof WebAssembly === "object") {
      const bytes = build();
      if (WebAssembly.validate(bytes)) mod = new WebAssembly.Module(bytes);
    }
  } catch {
    mod = null;
  }
  compiledCache.set(build, mod);
  return mod;
}

/**
 * A synchronous instance of `mod` with `imports`; null when instantiation
 * throws (e.g. a memory cannot be allocated). Never throws.
 */
export function instantiate(
  mod: WebAssembly.Module,
  imports: WebAssembly.Imports = {},
): WebAssembly.Instance | null {
  try {
    return new WebAssembly.Instance(mod, imports);
  } catch {
    return null;
  }
}
