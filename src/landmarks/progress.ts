/**
 * Progress reports and cancellation for long calls: `onProgress(fraction, stage)` and an
 * `AbortSignal`.
 *
 * A call is split into named stages with weights (their expected share of the run time); the
 * reporter maps "fraction done within the current stage" to the overall fraction, keeps it
 * monotone, and ends with exactly one `onProgress(1, lastStage)` (the convention of the
 * asynchronous calls of src/parallel too). Every report first checks the signal,
 * so a call stops at the next stage boundary or loop checkpoint after `abort()`.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { ProgressCallback } from "../parallel/options.js";

/** The options every long call accepts. */
export interface ProgressOptions {
  /**
   * Called at each stage start and at checkpoints inside long loops (at most a few hundred times
   * per call), with the overall fraction done and the current stage; the last call, and only
   * it, has fraction exactly 1 (with the last stage's name). It runs synchronously on the
   * caller's thread: keep it cheap. Default: none (no reports, and no cost for them).
   */
  onProgress?: ProgressCallback;
  /**
   * Checked at every stage boundary and loop checkpoint; once aborted, the call throws
   * `ManifoldError("ABORTED")`. The fitting functions are synchronous, so the signal can only
   * change while they run if `abort()` is called from `onProgress` (or from another thread
   * sharing the controller); a signal aborted before the call stops it before any work.
   * Default: none (the call cannot be cancelled).
   */
  signal?: AbortSignal;
}

/** A stage and its weight (any positive number; weights are normalised). */
export type StageWeight = readonly [stage: string, weight: number];

/** Maps stage-local progress to the overall fraction and checks for cancellation (internal). */
export interface Reporter {
  /** Enter `stage` (must be one of the declared stages, in order): report its start fraction. */
  begin(stage: string): void;
  /** Report `within` ∈ [0, 1] of the current stage done. */
  step(within: number): void;
  /** Throw `ABORTED` if the signal is aborted. Cost O(1). */
  check(): void;
  /** Report exactly `(1, current stage)`. */
  finish(): void;
}

/** Throw `ManifoldError("ABORTED")` when `signal` is aborted. Cost O(1). */
export function throwIfAborted(signal: AbortSignal | undefined, what: string, stage: string): void {
  if (signal?.aborted) {
    const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
    throw new ManifoldError(
      "ABORTED",
      `${what} was aborted during stage "${stage}" (reason: ${reason}); nothing was returned.`,
      { stage, reason: signal.reason },
    );
  }
}

/** Validate `onProgress` and `signal` (`INVALID_PARAMETER` when they have the wrong type). */
export function checkProgressOptions(options: ProgressOptions): void {
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `onProgress must be a function (fraction, stage) => void; got ${typeof options.onProgress}.`,
    );
  }
  const s = options.signal as { aborted?: unknown } | undefined;
  if (s !== undefined && (typeof s !== "object" || s === null || typeof s.aborted !== "boolean")) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "signal must be an AbortSignal (e.g. new AbortController().signal).",
    );
  }
}

/**
 * A {@link Reporter} over the given stages. With neither `onProgress` nor `signal` every method
 * is a cheap no-op. Throws `ABORTED` at creation when the signal is already aborted.
 *
 * @param what - the call's name for error messages (e.g. "cidm").
 */
export function createReporter(
  stages: readonly StageWeight[],
  options: ProgressOptions,
  what: string,
): Reporter {
  checkProgressOptions(options);
  const { onProgress, signal } = options;
  const total = stages.reduce((s, [, w]) => s + w, 0);
  const starts = new Map<string, [number, number]>();
  let acc = 0;
  for (const [name, w] of stages) {
    starts.set(name, [acc / total, w / total]);
    acc += w;
  }
  let current = stages.length > 0 ? stages[0][0] : "start";
  let start = 0;
  let width = 0;
  let last = 0;
  const check = () => throwIfAborted(signal, what, current);
  const emit = (f: number) => {
    check();
    // Clamp: monotone, and strictly below 1 until finish() (rounding of the stage sums).
    const g = Math.min(Math.max(f, last), 1 - 1e-12);
    last = g;
    if (onProgress) onProgress(g, current);
    check();
  };
  check();
  return {
    begin(stage: string) {
      const sw = starts.get(stage);
      if (sw === undefined) throw new Error(`internal: unknown progress stage ${stage}`);
      current = stage;
      [start, width] = sw;
      emit(start);
    },
    step(within: number) {
      emit(start + width * Math.min(Math.max(within, 0), 1));
    },
    check,
    finish() {
      check();
      last = 1;
      if (onProgress) onProgress(1, current);
    },
  };
}
