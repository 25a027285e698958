/**
 * The examples without the dataset: FASHION_MNIST_DIR points at an empty folder, figures go to
 * a temporary folder. Checks the written SVGs against the mathematics they show.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkSvg } from "./svg-check.js";

const out = mkdtempSync(join(tmpdir(), "tour-output-"));
const empty = mkdtempSync(join(tmpdir(), "no-fashion-mnist-"));

beforeAll(() => {
  // Read by examples/util.ts when it is first imported (below, dynamically).
  process.env.TOUR_OUTPUT_DIR = out;
  process.env.FASHION_MNIST_DIR = empty;
  process.env.TOUR_QUIET = "1";
});

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

/** Run `fn` with console.log captured; returns what it printed. */
async function captured(fn: () => unknown): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => {
    lines.push(a.map(String).join(" "));
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join("\n");
}

describe("examples without Fashion-MNIST", () => {
  it("cidm-circle writes a spectrum bar chart whose bars are the circle's 1, 1, 4, 4, 9, 9, …", async () => {
    const { main } = await import("../../examples/cidm-circle.js");
    await captured(main);
    const rep = checkSvg(readFileSync(join(out, "cidm-spectrum.svg"), "utf8"));
    expect(rep.problems).toEqual([]);
    const exact = [1, 1, 4, 4, 9, 9, 16, 16, 25, 25];
    // Three series of 10 bars (exact, uniform, warped), each height ∝ value.
    const bars = rep.elements.filter(
      (e) => e.name === "rect" && Number(e.attrs.height) > 0 && e.attrs.fill !== "white",
    );
    const byFill = new Map<string, number[]>();
    for (const b of bars) {
      byFill.set(b.attrs.fill, [...(byFill.get(b.attrs.fill) ?? []), Number(b.attrs.height)]);
    }
    // Per colour: 10 bars, then the legend's swatch (drawn last).
    const series = [...byFill.values()].filter((h) => h.length === 11).map((h) => h.slice(0, 10));
    expect(series).toHaveLength(3);
    const unit = series[0][0];
    for (const h of series) {
      // GUIDE §10: 1% on the circle grids; the bars carry 0.01 px rounding as well.
      for (let j = 0; j < 10; j++) {
        expect(Math.abs(h[j] / unit - exact[j]) / exact[j]).toBeLessThan(0.01);
      }
    }
  });

  it("nystrom says how to install the dataset and draws projections onto the circle", async () => {
    const { main } = await import("../../examples/nystrom.js");
    const log = await captured(main);
    expect(log).toContain("apt-get install dataset-fashion-mnist");
    const svg = readFileSync(join(out, "nystrom-projection.svg"), "utf8");
    const rep = checkSvg(svg);
    expect(rep.problems).toEqual([]);
    // The red dots are ι(x): their distances from the circle's centre, in px, must be nearly
    // equal (the projection lands on the unit circle; GUIDE §10: max radius error ≤ 0.035).
    const red = rep.elements.filter((e) => e.name === "circle" && e.attrs.fill === "#d62728");
    expect(red.length).toBeGreaterThanOrEqual(200);
    const line = rep.elements.find((e) => e.name === "polyline" && e.attrs.stroke === "#2ca02c");
    const ring = (line?.attrs.points ?? "").split(" ").map((p) => p.split(",").map(Number));
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    const R = Math.hypot(ring[0][0] - cx, ring[0][1] - cy);
    const dots = red.slice(0, 200); // the legend's dot comes last
    for (const d of dots) {
      const r = Math.hypot(Number(d.attrs.cx) - cx, Number(d.attrs.cy) - cy) / R;
      expect(Math.abs(r - 1)).toBeLessThan(0.04);
    }
  });

  it("schubert falls back to the synthetic set and writes the accuracy plot", async () => {
    const { main } = await import("../../examples/schubert.js");
    const log = await captured(main);
    expect(log).toContain("using a synthetic two-class set");
    const rep = checkSvg(readFileSync(join(out, "schubert-accuracy.svg"), "utf8"));
    expect(rep.problems).toEqual([]);
    expect(rep.elements.filter((e) => e.name === "polyline")).toHaveLength(4);
    const { writtenFiles } = await import("../../examples/util.js");
    expect(writtenFiles().map((f) => f.slice(out.length + 1))).toEqual([
      "cidm-spectrum.svg",
      "nystrom-projection.svg",
      "schubert-accuracy.svg",
    ]);
  });
});
