// Makes dist/doorman.js: wasm-bindgen's glue with the wasm's shortened names, wrapped with the
// loader in one function scope and minified.
//
//   node tools/bundle.mjs --glue <bindgen.js> --loader <loader.js> --wasm <bindgen.wasm>
//                         --minified-wasm <optimized.wasm> --version <x.y.z> --out <doorman.js>
//
// `--wasm` is the wasm as wasm-bindgen wrote it, `--minified-wasm` the same after binaryen's
// `--minify-imports-and-exports-and-modules`; the glue is read from `--glue` and left unchanged.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values: args } = parseArgs({
  options: Object.fromEntries(['glue', 'loader', 'wasm', 'minified-wasm', 'version', 'out'].map((name) => [name, { type: 'string' }])),
});
for (const [name, value] of Object.entries({ glue: args.glue, loader: args.loader, wasm: args.wasm, 'minified-wasm': args['minified-wasm'], version: args.version, out: args.out })) {
  if (!value) throw new Error(`--${name} is required`);
}

// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` (or `__wbindgen_...`): some
// 170 of them, written once in the wasm and once in the glue, and random hex is what gzip cannot
// shrink (4 KB gzip of the wasm alone). binaryen renames them in the wasm, keeping their order;
// this rewrites the glue to the same names.
const minifyNames = (glue, originalPath, minifiedPath) => {
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
  return glue;
};

const glue = minifyNames(readFileSync(args.glue, 'utf8'), args.wasm, args['minified-wasm']);
const loader = readFileSync(args.loader, 'utf8').replaceAll('__VERSION__', args.version);
// The glue goes inside a function the loader calls when idle, so at page load the browser only
// pre-parses it; as a bare IIFE it was compiled in the parser's task (5-11 ms at 4x, now 1-4).
// The outer function keeps everything but what the loader puts on `window` out of the page's scope.
const source = `(() => {\nconst bindgen = () => {\n${glue}return wasm_bindgen; };\n${loader}})();\n`;
await build({
  stdin: { contents: source, sourcefile: 'doorman.js', loader: 'js' },
  minify: true,
  target: 'es2020',
  logLevel: 'warning',
  outfile: args.out,
});
