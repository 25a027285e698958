/**
 * Serve demo/ on http://127.0.0.1:PORT/ (default 5173; `PORT=8080 node scripts/serve-demo.mjs`).
 * Static files only, no directory listing. Build first with `node scripts/build-demo.mjs`.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "demo");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

if (!existsSync(join(ROOT, "dist", "main.js"))) {
  console.error("demo/dist/main.js is missing: run `node scripts/build-demo.mjs` first.");
  process.exit(1);
}
const port = Number(process.env.PORT ?? 5173);
createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const file = normalize(join(ROOT, path === "/" ? "index.html" : path));
  if (!file.startsWith(ROOT) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
}).listen(port, "127.0.0.1", () => console.log(`demo at http://127.0.0.1:${port}/`));
