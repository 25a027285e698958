/**
 * onProgress and AbortSignal on cidm (plain and landmark fits) and selectLandmarks.
 */
import { describe, expect, it } from "vitest";
import { cidm } from "../../src/cidm/index.js";
import { circle, sphere } from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import { EXTEND_BATCH, selectLandmarks } from "../../src/landmarks/index.js";

type Call = [number, string];

function record(): { calls: Call[]; onProgress: (f: number, s: string) => void } {
  const calls: Call[] = [];
  return { calls, onProgress: (f, s) => calls.push([f, s]) };
}

function expectMonotoneToOne(calls: Call[], stages: string[]): void {
  expect(calls.length).toBeGreaterThan(stages.length);
  for (let t = 1; t < calls.length; t++)
    expect(calls[t][0]).toBeGreaterThanOrEqual(calls[t - 1][0]);
  for (const [f] of calls) {
    expect(f).toBeGreaterThanOrEqual(0);
    expect(f).toBeLessThanOrEqual(1);
  }
  // Exactly one final call, (1, last stage); every earlier fraction is below 1.
  expect(calls[calls.length - 1]).toEqual([1, stages[stages.length - 1]]);
  expect(calls.filter(([f]) => f === 1).length).toBe(1);
  // Stages appear in the declared order, each at least once.
  const seen = [...new Set(calls.map(([, s]) => s))];
  expect(seen).toEqual(stages);
}

function expectAborted(fn: () => unknown, stage: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifoldError);
    expect((e as ManifoldError).code).toBe("ABORTED");
    expect((e as ManifoldError).details?.stage).toBe(stage);
    return;
  }
  throw new Error("expected ABORTED");
}

describe("progress", () => {
  const { points } = sphere({ n: 40_000 });

  it("landmark cidm: monotone, stages landmarks → kernel → eigensolve → extend, ends at exactly 1 once", () => {
    const { calls, onProgress } = record();
    cidm(points, { k: 16, nEigs: 6, landmarks: 1000, onProgress });
    expectMonotoneToOne(calls, ["landmarks", "kernel", "eigensolve", "extend"]);
    // The extension reports once per batch of EXTEND_BATCH points.
    const ext = calls.filter(([, s]) => s === "extend").length;
    expect(ext).toBe(2 + Math.ceil(40_000 / EXTEND_BATCH)); // start, batches, final 1
  });

  it("plain cidm: kernel → eigensolve; the model equals the one fitted without callbacks", () => {
    const { points: c } = circle({ n: 1000, warp: 0.5 });
    const { calls, onProgress } = record();
    const a = cidm(c, { k: 16, nEigs: 5, onProgress, signal: new AbortController().signal });
    expectMonotoneToOne(calls, ["kernel", "eigensolve"]);
    const b = cidm(c, { k: 16, nEigs: 5 });
    expect(Array.from(a.xi)).toEqual(Array.from(b.xi));
  });

  it("selectLandmarks reports the stage landmarks up to 1 for every method", () => {
    for (const method of ["poisson", "farthest", "kmeans", "random"] as const) {
      const { calls, onProgress } = record();
      selectLandmarks(points, 300, { method, onProgress, sampleSize: 3000 });
      expectMonotoneToOne(calls, ["landmarks"]);
    }
  });

  it("rejects a non-function onProgress and a non-signal", () => {
    const bad = () => cidm(points, { landmarks: 500, onProgress: 3 as unknown as () => void });
    expect(bad).toThrow(/onProgress must be a function/);
    expect(() => cidm(points, { signal: {} as AbortSignal })).toThrow(/AbortSignal/);
  });
});

describe("cancellation", () => {
  const { points } = sphere({ n: 40_000 });

  it("an already aborted signal stops before any work or progress", () => {
    const ctl = new AbortController();
    ctl.abort(new Error("user pressed Ctrl-C"));
    const { calls, onProgress } = record();
    expectAborted(
      () => cidm(points, { landmarks: 1000, onProgress, signal: ctl.signal }),
      "landmarks",
    );
    expect(calls).toEqual([]);
    expectAborted(() => cidm(points, { signal: ctl.signal }), "kernel");
    expectAborted(() => selectLandmarks(points, 10, { signal: ctl.signal }), "landmarks");
  });

  for (const stage of ["landmarks", "kernel", "eigensolve", "extend"]) {
    it(`abort() during "${stage}" throws ABORTED at the next checkpoint; no later stage runs`, () => {
      const ctl = new AbortController();
      const seen: string[] = [];
      const onProgress = (_f: number, s: string) => {
        seen.push(s);
        if (s === stage) ctl.abort();
      };
      expectAborted(
        () => cidm(points, { k: 16, nEigs: 6, landmarks: 1000, onProgress, signal: ctl.signal }),
        stage,
      );
      expect(seen[seen.length - 1]).toBe(stage);
      expect(seen.filter((s) => s === stage).length).toBe(1);
    });
  }

  it("abort in the middle of the extension stops after that batch", () => {
    const ctl = new AbortController();
    let batches = 0;
    const onProgress = (_f: number, s: string) => {
      if (s === "extend" && ++batches === 2) ctl.abort();
    };
    expectAborted(
      () => cidm(points, { k: 16, nEigs: 6, landmarks: 1000, onProgress, signal: ctl.signal }),
      "extend",
    );
    expect(batches).toBe(2);
  });
});
