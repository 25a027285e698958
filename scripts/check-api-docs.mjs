#!/usr/bin/env node
/**
 * Check the TSDoc of every public export (issue 11: "TSDoc on every export: formula, cost,
 * defaults and why, errors thrown, an example"). Walks the exports of the package entry points
 * with the TypeScript compiler API and reports, per export:
 *   - doc       no doc comment at all (functions, constants, types, interfaces, and every
 *               property of an exported interface)
 *   - cost      a function whose doc says nothing about cost ("Cost", "O(", "flops")
 *   - throws    a function without an @throws tag (or a doc saying "never throws")
 *   - example   a function without an @example tag
 *   - default   an optional property of an `…Options` interface whose doc gives no default
 * Whether a doc states the formula is not machine-checkable; read the listed functions.
 *
 * Usage: node scripts/check-api-docs.mjs [--strict] [--json]
 *   exit 1 when an export has no doc at all; with --strict, when anything is listed.
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import ts from "typescript";

const root = resolve(import.meta.dirname, "..");
const entries = ["src/index.ts", "src/grassmann/index.ts", "src/gpu/index.ts"]
  .map((p) => resolve(root, p))
  .filter((p) => existsSync(p));
const strict = process.argv.includes("--strict");
const asJson = process.argv.includes("--json");

const configPath = resolve(root, "tsconfig.json");
const config = ts.parseJsonConfigFileContent(
  ts.readConfigFile(configPath, ts.sys.readFile).config,
  ts.sys,
  root,
);
const program = ts.createProgram(entries, { ...config.options, noEmit: true });
const checker = program.getTypeChecker();

/** @type {Map<string, {name: string, file: string, kind: string, missing: Set<string>}>} */
const found = new Map();

const docText = (sym) => ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
const tags = (sym) => sym.getJsDocTags(checker).map((t) => t.name);
/** Full doc text including tags (for the cost heuristic). */
const fullDoc = (sym) =>
  [
    docText(sym),
    ...sym.getJsDocTags(checker).map((t) => ts.displayPartsToString(t.text ?? [])),
  ].join("\n");

function record(key, name, decl, kind) {
  const file = relative(root, decl.getSourceFile().fileName);
  if (!found.has(key)) found.set(key, { name, file, kind, missing: new Set() });
  return found.get(key);
}

function isFunctionLike(decl) {
  if (ts.isFunctionDeclaration(decl)) return true;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    return ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer);
  }
  return false;
}

function checkFunction(entry, sym) {
  const doc = fullDoc(sym);
  const t = tags(sym);
  if (docText(sym) === "") entry.missing.add("doc");
  if (!/\bcost\b|O\(|flops?\b/i.test(doc)) entry.missing.add("cost");
  if (!t.includes("throws") && !/never throws|does not throw|throws nothing/i.test(doc)) {
    entry.missing.add("throws");
  }
  if (!t.includes("example")) entry.missing.add("example");
}

function checkProperties(entry, type, isOptions) {
  for (const prop of checker.getPropertiesOfType(type)) {
    const decl = prop.declarations?.[0];
    if (!decl?.getSourceFile().fileName.startsWith(resolve(root, "src"))) continue;
    const d = docText(prop);
    if (d === "") entry.missing.add(`doc:${prop.name}`);
    const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
    if (isOptions && optional && d !== "" && !/default/i.test(fullDoc(prop))) {
      entry.missing.add(`default:${prop.name}`);
    }
  }
}

const seen = new Set();
function visit(sym, name) {
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  const decl = target.declarations?.[0];
  if (!decl) return;
  const key = `${decl.getSourceFile().fileName}#${target.name}#${decl.pos}`;
  if (seen.has(key)) return;
  seen.add(key);
  if (target.flags & ts.SymbolFlags.Module) {
    // `export * as ns from …`: check its members.
    for (const m of checker.getExportsOfModule(target)) visit(m, `${name}.${m.name}`);
    return;
  }
  if (isFunctionLike(decl)) {
    checkFunction(record(key, name, decl, "function"), target);
    return;
  }
  if (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) {
    const entry = record(key, name, decl, ts.isInterfaceDeclaration(decl) ? "interface" : "type");
    if (docText(target) === "") entry.missing.add("doc");
    if (ts.isInterfaceDeclaration(decl) || ts.isTypeLiteralNode(decl.type)) {
      checkProperties(entry, checker.getDeclaredTypeOfSymbol(target), /Options$/.test(name));
    }
    return;
  }
  if (ts.isVariableDeclaration(decl)) {
    const entry = record(key, name, decl, "const");
    if (docText(target) === "") entry.missing.add("doc");
    // A namespace object (`export const grassmann = { distance, … }`): check what each member
    // points at, since that is the documentation a reader reaches.
    if (decl.initializer && ts.isObjectLiteralExpression(decl.initializer)) {
      for (const p of decl.initializer.properties) {
        const ps = ts.isShorthandPropertyAssignment(p)
          ? checker.getShorthandAssignmentValueSymbol(p)
          : ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer)
            ? checker.getSymbolAtLocation(p.initializer)
            : undefined;
        if (ps) visit(ps, `${name}.${p.name?.getText() ?? "?"}`);
      }
    }
    return;
  }
  if (ts.isClassDeclaration(decl) || ts.isEnumDeclaration(decl)) {
    const entry = record(key, name, decl, ts.isClassDeclaration(decl) ? "class" : "enum");
    if (docText(target) === "") entry.missing.add("doc");
  }
}

for (const file of entries) {
  const sf = program.getSourceFile(file);
  const modSym = sf && checker.getSymbolAtLocation(sf);
  if (!modSym) continue;
  for (const sym of checker.getExportsOfModule(modSym)) visit(sym, sym.name);
}

const rows = [...found.values()].filter((e) => e.missing.size > 0);
rows.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
const undocumented = rows.filter((e) =>
  [...e.missing].some((m) => m === "doc" || m.startsWith("doc:")),
);
if (asJson) {
  console.log(
    JSON.stringify(
      rows.map((r) => ({ ...r, missing: [...r.missing] })),
      null,
      2,
    ),
  );
} else {
  for (const r of rows) console.log(`${r.file}  ${r.kind} ${r.name}: ${[...r.missing].join(", ")}`);
  console.log(
    `\n${found.size} exports checked; ${rows.length} with something missing, ${undocumented.length} without a doc comment (on the export or a property).`,
  );
}
process.exit(undocumented.length > 0 || (strict && rows.length > 0) ? 1 : 0);
