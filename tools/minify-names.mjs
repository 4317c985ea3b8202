// Shortens the names wasm-bindgen gives the wasm's imports and exports, in both files.
//
//   node tools/minify-names.mjs <original.wasm> <minified.wasm> <glue.js>
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` (or `__wbindgen_...`): some
// 170 of them, written once in the wasm and once in the glue, and random hex is what gzip cannot
// shrink (4 KB gzip of the wasm alone). binaryen's `--minify-imports-and-exports-and-modules` renames them in the wasm,
// keeping their order; this rewrites the glue (before it is minified) to the same names.
import { readFileSync, writeFileSync } from 'node:fs';

const [originalPath, minifiedPath, gluePath] = process.argv.slice(2);
const describe = (path) => {
  const module = new WebAssembly.Module(readFileSync(path));
  return { imports: WebAssembly.Module.imports(module), exports: WebAssembly.Module.exports(module) };
};
const original = describe(originalPath);
const minified = describe(minifiedPath);
const same = (a, b) => a.length === b.length && a.every((entry, i) => entry.kind === b[i].kind);
if (!same(original.imports, minified.imports) || !same(original.exports, minified.exports)) {
  throw new Error('the minified wasm does not list the same imports and exports in the same order');
}

const renamed = (before, after, key) => new Map(before.map((entry, i) => [entry[key], after[i][key]]));
const imports = renamed(original.imports, minified.imports, 'name');
const modules = renamed(original.imports, minified.imports, 'module');
const exports = renamed(original.exports, minified.exports, 'name');

let glue = readFileSync(gluePath, 'utf8');
const provided = new Set();
glue = glue.replace(/\b__wb\w+/g, (name) => {
  if (!imports.has(name)) return name;
  provided.add(name);
  return JSON.stringify(imports.get(name));
});
glue = glue.replace(/\bwasm\.(\w+)/g, (whole, name) => (exports.has(name) ? `wasm[${JSON.stringify(exports.get(name))}]` : whole));
for (const [before, after] of modules) {
  if (!glue.includes(JSON.stringify(before))) throw new Error(`the glue never names the import module ${before}`);
  glue = glue.replaceAll(JSON.stringify(before), JSON.stringify(after));
}
// Every import the wasm asks for must be offered under its new name, or instantiation fails.
const missing = [...imports.keys()].filter((name) => !provided.has(name));
if (missing.length) throw new Error(`the glue does not provide ${missing.join(', ')}`);
writeFileSync(gluePath, glue);
