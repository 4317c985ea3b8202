// Shortens the names wasm-bindgen gives the wasm's imports and exports, in both files.
//
//   node tools/minify-names.mjs <original.wasm> <minified.wasm> <glue.js>
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` (or `__wbindgen_...`): some 170 of them, written once
// in the wasm and once in the glue, and random hex is what gzip cannot shrink (4 KB gzip of the
// wasm alone). binaryen's `--minify-imports-and-exports-and-modules` renames them in the wasm,
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
const count = { imports: 0, exports: 0, modules: 0 };
glue = glue.replace(/\b__wb\w+/g, (name) => {
  if (!imports.has(name)) return name;
  count.imports += 1;
  return JSON.stringify(imports.get(name));
});
glue = glue.replace(/\bwasm\.(\w+)/g, (whole, name) => {
  if (!exports.has(name)) return whole;
  count.exports += 1;
  return `wasm[${JSON.stringify(exports.get(name))}]`;
});
for (const [before, after] of modules) {
  const quoted = JSON.stringify(before);
  count.modules += glue.split(quoted).length - 1;
  glue = glue.replaceAll(quoted, JSON.stringify(after));
}
// Every import the wasm asks for must still be offered by the glue, or instantiation fails.
for (const name of imports.values()) {
  if (!glue.includes(JSON.stringify(name))) throw new Error(`the glue no longer provides import ${name}`);
}
if (count.modules === 0) throw new Error('the glue never names the import module');
writeFileSync(gluePath, glue);
