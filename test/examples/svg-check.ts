/**
 * A tiny SVG well-formedness check for the examples' figures: balanced tags, escaped text,
 * every coordinate finite and inside the viewBox.
 */

/** What {@link checkSvg} found: the problems (empty when well-formed) and the parsed elements. */
export interface SvgReport {
  problems: string[];
  width: number;
  height: number;
  elements: { name: string; attrs: Record<string, string> }[];
}

const COORD_ATTRS = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy"];
const SIZE_ATTRS = ["width", "height", "r"];

/** Parse `svg` with a minimal tag scanner and report what is wrong with it. */
export function checkSvg(svg: string): SvgReport {
  const problems: string[] = [];
  const elements: SvgReport["elements"] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g;
  let last = 0;
  let width = Number.NaN;
  let height = Number.NaN;
  const text = (chunk: string) => {
    if (/[<>]/.test(chunk)) problems.push(`unescaped < or > in text near "${chunk.slice(0, 40)}"`);
    if (/&(?!(amp|lt|gt|quot|#39);)/.test(chunk)) problems.push(`bare & in text "${chunk}"`);
  };
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    text(svg.slice(last, m.index));
    last = m.index + m[0].length;
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (a[1] in attrs) problems.push(`<${name}> repeats attribute ${a[1]}`);
      attrs[a[1]] = a[2];
      if (a[2].includes("&")) text(a[2]);
    }
    if (elements.length === 0) {
      if (name !== "svg") problems.push(`root element is <${name}>, not <svg>`);
      const vb = (attrs.viewBox ?? "").split(/\s+/).map(Number);
      if (vb.length !== 4 || vb[0] !== 0 || vb[1] !== 0) problems.push("viewBox is not 0 0 W H");
      [width, height] = [vb[2], vb[3]];
      if (!(width > 0 && height > 0)) problems.push("viewBox has no positive size");
    } else if (stack.length === 0) {
      problems.push(`<${name}> outside the root element`);
    }
    elements.push({ name, attrs });
    if (!selfClose) stack.push(name);
  }
  text(svg.slice(last).trim());
  if (stack.length > 0) problems.push(`unclosed <${stack.join("><")}>`);
  const inside = (x: number, y: number) => x >= 0 && x <= width && y >= 0 && y <= height;
  for (const { name, attrs } of elements.slice(1)) {
    const pairs: [number, number][] = [];
    for (const k of [...COORD_ATTRS, ...SIZE_ATTRS]) {
      if (!(k in attrs)) continue;
      const v = Number(attrs[k]);
      if (!Number.isFinite(v)) problems.push(`<${name}> ${k}="${attrs[k]}" is not a finite number`);
      if (SIZE_ATTRS.includes(k) && v < 0) problems.push(`<${name}> ${k} < 0`);
    }
    const num = (k: string) => Number(attrs[k] ?? 0);
    if (name === "circle") pairs.push([num("cx"), num("cy")]);
    if (name === "line") pairs.push([num("x1"), num("y1")], [num("x2"), num("y2")]);
    if (name === "rect") {
      pairs.push([num("x"), num("y")], [num("x") + num("width"), num("y") + num("height")]);
    }
    if (name === "text" && !attrs.transform) pairs.push([num("x"), num("y")]);
    const lists = [attrs.points ?? "", (attrs.d ?? "").replace(/[MLZ]/g, " ")];
    for (const list of lists) {
      const v = list
        .split(/[\s,]+/)
        .filter((s) => s !== "")
        .map(Number);
      if (v.length % 2 !== 0) problems.push(`<${name}> has an odd number of coordinates`);
      for (let i = 0; i + 1 < v.length; i += 2) pairs.push([v[i], v[i + 1]]);
    }
    for (const [x, y] of pairs) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        problems.push(`<${name}> has a non-finite coordinate (${x}, ${y})`);
      } else if (!inside(x, y)) {
        problems.push(`<${name}> point (${x}, ${y}) outside the viewBox ${width}×${height}`);
      }
    }
  }
  return { problems, width, height, elements };
}
