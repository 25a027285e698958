import { describe, expect, it } from "vitest";
import { arrows, barChart, figure, linePlot, niceTicks, scatter } from "../../examples/svg.js";
import { checkSvg } from "./svg-check.js";

/** Pairs "x,y x,y …" of a polyline's points attribute. */
const polyPoints = (s: string) => s.split(" ").map((p) => p.split(",").map(Number));

describe("checkSvg (the test's own checker)", () => {
  it("rejects unbalanced tags, bad numbers, points outside the viewBox, bare text", () => {
    const head = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">';
    expect(checkSvg(`${head}<g><circle cx="1" cy="1" r="1"/></svg>`).problems).not.toEqual([]);
    expect(checkSvg(`${head}<circle cx="NaN" cy="1" r="1"/></svg>`).problems).not.toEqual([]);
    expect(checkSvg(`${head}<circle cx="101" cy="1" r="1"/></svg>`).problems).not.toEqual([]);
    expect(checkSvg(`${head}<polyline points="1,1 2"/></svg>`).problems).not.toEqual([]);
    expect(checkSvg(`${head}<text x="1" y="1">a < b</text></svg>`).problems).not.toEqual([]);
    expect(checkSvg(`${head}<text x="1" y="1">a & b</text></svg>`).problems).not.toEqual([]);
    expect(checkSvg(`${head}<text x="1" y="1">a &amp; b</text></svg>`).problems).toEqual([]);
  });
});

describe("examples/svg.ts", () => {
  it("niceTicks: steps of 1, 2 or 5 × 10^k covering the range", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3.2, 7.9, 5)).toEqual([-2, 0, 2, 4, 6]);
    for (const [lo, hi] of [
      [0.013, 0.091],
      [-1e6, 3e6],
      [5, 5.5],
    ]) {
      const t = niceTicks(lo, hi, 5);
      const step = Number((t[1] - t[0]).toPrecision(10));
      const mant = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5].some((m) => Math.abs(mant - m) < 1e-9)).toBe(true);
      expect(t[0]).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(t[t.length - 1]).toBeLessThanOrEqual(hi + 1e-9);
      expect(t[0] - step).toBeLessThan(lo);
    }
  });

  it("linePlot maps data affinely: y = 2x + 1 stays a straight, rising line", () => {
    const x = Array.from({ length: 11 }, (_, i) => i);
    const svg = linePlot([{ name: "y = 2x + 1", x, y: x.map((v) => 2 * v + 1) }], {
      title: "a < b & c",
      xLabel: "x",
      yLabel: "y",
    });
    const rep = checkSvg(svg);
    expect(rep.problems).toEqual([]);
    const poly = rep.elements.find((e) => e.name === "polyline");
    const pts = polyPoints(poly?.attrs.points ?? "");
    expect(pts).toHaveLength(11);
    // Pixel x is affine in data x, pixel y affine in data y with a negative slope (y up).
    const dx = pts[1][0] - pts[0][0];
    const dy = pts[1][1] - pts[0][1];
    expect(dx).toBeGreaterThan(0);
    expect(dy).toBeLessThan(0);
    pts.forEach(([px, py], i) => {
      expect(px - pts[0][0]).toBeCloseTo(i * dx, 1);
      expect(py - pts[0][1]).toBeCloseTo(i * dy, 1);
    });
    expect(svg).toContain("a &lt; b &amp; c");
  });

  it("skips non-finite values: a NaN breaks the polyline, NaN points are not drawn", () => {
    const svg = figure({
      lines: [{ name: "l", x: [0, 1, 2, 3, 4], y: [0, 1, Number.NaN, 3, 4] }],
      points: [{ name: "p", x: [0, 1, Number.POSITIVE_INFINITY, 3], y: [1, Number.NaN, 2, 3] }],
    });
    const rep = checkSvg(svg);
    expect(rep.problems).toEqual([]);
    expect(rep.elements.filter((e) => e.name === "polyline")).toHaveLength(2);
    // Two finite points in the layer, plus the legend's dot.
    expect(rep.elements.filter((e) => e.name === "circle")).toHaveLength(3);
  });

  it("scatter colours by value: extremes get the ramp's end colours; points outside a domain are dropped", () => {
    const svg = scatter(
      [{ name: "v", x: [0, 1, 2, 5], y: [0, 1, 2, 5], values: [10, 20, 30, 40] }],
      {
        xDomain: [0, 2],
        yDomain: [0, 2],
        legend: "none",
      },
    );
    const rep = checkSvg(svg);
    expect(rep.problems).toEqual([]);
    const fills = rep.elements.filter((e) => e.name === "circle").map((e) => e.attrs.fill);
    expect(fills).toHaveLength(3);
    expect(fills[0]).toBe("rgb(49,54,149)");
    expect(new Set(fills).size).toBe(3);
  });

  it("barChart: bar heights are proportional to the values on a linear axis", () => {
    const values = [1, 1, 4, 4, 9, 9, 16];
    const svg = barChart(
      values.map((_, i) => `c${i}`),
      [{ name: "s", values, color: "#123456" }],
      { title: "bars", legend: "none" },
    );
    const rep = checkSvg(svg);
    expect(rep.problems).toEqual([]);
    const bars = rep.elements.filter((e) => e.name === "rect" && e.attrs.fill === "#123456");
    expect(bars).toHaveLength(values.length);
    const unit = Number(bars[0].attrs.height) / values[0];
    bars.forEach((b, i) => {
      expect(Number(b.attrs.height) / values[i]).toBeCloseTo(unit, 1);
    });
    // All bars stand on the same baseline.
    const base = bars.map((b) => Number(b.attrs.y) + Number(b.attrs.height));
    for (const b of base) expect(b).toBeCloseTo(base[0], 1);
  });

  it("barChart on a log axis: heights grow with log10 of the value; 0 is a labelled stub", () => {
    const values = [1e-9, 1e-5, 0.1, 0];
    const svg = barChart(["a", "b", "c", "d"], [{ name: "s", values, color: "#654321" }], {
      yLog: true,
      yDomain: [1e-10, 10],
      legend: "none",
    });
    const rep = checkSvg(svg);
    expect(rep.problems).toEqual([]);
    const bars = rep.elements.filter((e) => e.name === "rect" && e.attrs.fill === "#654321");
    const h = bars.map((b) => Number(b.attrs.height));
    // log10 heights relative to the bottom 1e-10: 1, 5, 9 decades, then the 2 px stub.
    expect(h[1] / h[0]).toBeCloseTo(5, 2);
    expect(h[2] / h[0]).toBeCloseTo(9, 2);
    expect(h[3]).toBe(2);
  });

  it("arrows point the right way: pixel direction is (u, −v) with equal aspect", () => {
    const angles = [0, 0.7, 2, 3.5, 5];
    const svg = arrows(
      [
        {
          name: "unit field",
          x: angles.map(Math.cos),
          y: angles.map(Math.sin),
          u: angles.map((a) => -0.2 * Math.sin(a)),
          v: angles.map((a) => 0.2 * Math.cos(a)),
        },
      ],
      { equalAspect: true, legend: "none", xDomain: [-1.5, 1.5], yDomain: [-1.5, 1.5] },
    );
    const rep = checkSvg(svg);
    expect(rep.problems).toEqual([]);
    const paths = rep.elements.filter((e) => e.name === "path");
    expect(paths).toHaveLength(angles.length);
    paths.forEach((p, i) => {
      const v = (p.attrs.d ?? "").replace(/[ML]/g, " ").trim().split(/\s+/).map(Number);
      const [x0, y0, x1, y1] = v;
      const len = Math.hypot(x1 - x0, y1 - y0);
      // Coordinates are written to 0.01 px on a ~30 px shaft.
      expect((x1 - x0) / len).toBeCloseTo(-Math.sin(angles[i]), 2);
      expect((y1 - y0) / len).toBeCloseTo(-Math.cos(angles[i]), 2);
    });
  });

  it("equalAspect: one data unit is the same number of px on both axes", () => {
    const svg = figure(
      { points: [{ name: "p", x: [0, 1, 0], y: [0, 0, 1] }] },
      { equalAspect: true, width: 600, height: 300, legend: "none" },
    );
    const c = checkSvg(svg)
      .elements.filter((e) => e.name === "circle")
      .map((e) => [Number(e.attrs.cx), Number(e.attrs.cy)]);
    expect(c[1][0] - c[0][0]).toBeCloseTo(c[0][1] - c[2][1], 1);
  });
});
