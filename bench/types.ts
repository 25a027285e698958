/**
 * Types of the benchmark harness: a case generates its data once (seeded, with src/datasets),
 * times our implementation on it, and names the Python reference script that times numpy/scipy
 * on the identical data (written to bench/.data/ as raw little-endian float64).
 *
 * @module
 */
import type { Matrix } from "../src/matrix/index.js";

/** Settings every case sees. */
export interface BenchContext {
  /** `--quick`: smaller sizes (and fewer runs). */
  readonly quick: boolean;
  /** Threads given to the Python side (BENCH_THREADS, default 1); ours is always 1. */
  readonly threads: number;
}

/** What `setup` returns: the matrices both sides use, and parameters for the Python script. */
export interface CaseData {
  /** Matrices written to bench/.data/ for the Python script (e.g. { X } or { A, B }). */
  readonly matrices: Readonly<Record<string, Matrix>>;
  /** JSON-serialisable parameters handed to the Python script in the header (e.g. k). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Shown in the table next to the case name: sizes and the data's origin. */
  readonly label: string;
}

/** Outcome of comparing our result with the reference. */
export interface CheckResult {
  readonly ok: boolean;
  /** One line: what was compared and the largest discrepancy seen. */
  readonly detail: string;
}

/** One benchmark case. `R` is what our `run` returns. */
export interface BenchCase<D extends CaseData = CaseData, R = unknown> {
  /** Short unique name; `npm run bench -- <substring>` selects cases by it. */
  readonly name: string;
  /** Generate the data (untimed). May be async (e.g. to read Fashion-MNIST). */
  setup(ctx: BenchContext): D | Promise<D>;
  /** The timed call of our implementation. */
  run(data: D): R;
  /** The reference: `python3 bench/python/<script> <header.json> <reps> ...args`. */
  readonly python?: { readonly script: string; readonly args: readonly string[] };
  /**
   * Compare our result (from the untimed warm-up run) with the `check` object the Python script
   * printed. Run once per case, not timed.
   */
  check?(ours: R, reference: unknown, data: D): CheckResult;
}

/** Erase a case's type parameters so cases of different types share one array. */
export function defineCase<D extends CaseData, R>(c: BenchCase<D, R>): BenchCase {
  return c as unknown as BenchCase;
}
