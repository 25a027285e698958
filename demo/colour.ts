/**
 * Colour maps for the demo's scatter plots.
 *
 * @module
 */

/** `hsl(h, 70%, 48%)` for an angle in radians (the phase of (φ1, φ2) goes once around the hue wheel). */
export function phaseColour(angle: number): string {
  const h = ((((angle * 180) / Math.PI) % 360) + 360) % 360;
  return `hsl(${h.toFixed(1)}, 70%, 48%)`;
}

/** Diverging blue–grey–red map of t ∈ [−1, 1] (clamped). */
export function divergingColour(t: number): string {
  const s = Math.max(-1, Math.min(1, t));
  const grey = [200, 200, 200];
  const end = s < 0 ? [40, 90, 200] : [200, 50, 40];
  const a = Math.abs(s);
  const c = grey.map((g, i) => Math.round(g + a * (end[i] - g)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
