// Makes the widget's two scripts: dist/doorman.js, the loader alone (what every page view
// runs), and dist/doorman-glue.js, wasm-bindgen's glue with the wasm's shortened names, which
// the loader fetches beside itself only when the widget loads. The loader carries the glue's
// SHA-384 hash and loads it with `integrity`, so a tag pinned by its own hash pins the glue too.
//
//   node tools/bundle.mjs --glue <bindgen.js> --loader <loader.js> --wasm <bindgen.wasm>
//                         --minified-wasm <optimized.wasm> --version <x.y.z> --out <doorman.js>
//                         --glue-out <doorman-glue.js>
//
// `--wasm` is the wasm as wasm-bindgen wrote it, `--minified-wasm` the same after binaryen's
// `--minify-imports-and-exports-and-modules`. The glue read from `--glue` is edited as each step
// below says (its codecs, its closures' errors, the views, the shortened names), and each edit
// checks that the glue has the shape it expects.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { transform } from 'esbuild';

const { values: args } = parseArgs({
  options: Object.fromEntries(['glue', 'loader', 'wasm', 'minified-wasm', 'version', 'out', 'glue-out'].map((name) => [name, { type: 'string' }])),
});
for (const [name, value] of Object.entries({ glue: args.glue, loader: args.loader, wasm: args.wasm, 'minified-wasm': args['minified-wasm'], version: args.version, out: args.out, 'glue-out': args['glue-out'] })) {
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

// What throws in a listener or timer of the widget (an exception a page's override of a DOM
// method threw into it, or the trap that is a panic: see PANICS in tools/split.mjs) stops the
// widget rather than reaching the page as an uncaught error: wasm-bindgen's closure wrappers,
// through which every listener, timer and promise callback of the widget runs, catch it and call
// the widget's `halt` through `halted`, which the loader calls too (exported in `withViews`). The
// glue has `makeMutClosure`, and `makeClosure` too while any closure of the widget is an `Fn`.
// Once the widget said it stopped, `halt` returns at once; one that throws could not say it.
const haltOnThrow = (glue) => {
  const wrapped = /(\n(\s*)try \{\n\s*return f\([^)]*\);\n)(\s*)\} finally \{/g;
  const wrappers = glue.match(/function make\w*Closure\(/g)?.length ?? 0;
  const count = glue.match(wrapped)?.length ?? 0;
  if (!wrappers || count !== wrappers) throw new Error(`expected wasm-bindgen's ${wrappers} closure wrappers in the glue to call f in a try, found ${count}: update haltOnThrow`);
  return glue
    .replace(wrapped, (whole, tried, indent, close) => `${tried}${close}} catch (error) {\n${indent}    halted(error);\n${close}} finally {`)
    .replace(/function make\w*Closure\(/, (first) => `let haltFailed = false;
    function halted(error) {
        let cause = 'an error';
        try { cause = error instanceof WebAssembly.RuntimeError ? 'an internal error' : \`an error: \${error}\`; } catch (_) { /* one String() cannot convert */ }
        try {
            halt(cause);
        } catch (_) {
            // The widget could not say it (a page's override broke the TextEncoder or TextDecoder
            // that carry its text): said here, once.
            if (!haltFailed) console.warn(\`Doorman stopped after \${cause}; the page is not affected. It starts again on the next page view.\`);
            haltFailed = true;
        }
    }
    ${first}`);
};
// The glue's TextDecoder and TextEncoder keep the methods they had as the glue set up: every text
// between the widget and the page crosses through them, and a page script that later replaces
// `TextDecoder.prototype.decode` (to throw, or to answer '') would otherwise leave the widget
// unable to name anything, `then` and `POST` included, nor to say that it stopped.
const ownCodecs = (glue) => {
  const edits = [
    ['cachedTextDecoder.decode();', 'const decode = cachedTextDecoder.decode.bind(cachedTextDecoder);\n    decode();', 1],
    ['return cachedTextDecoder.decode(bytes);', 'return decode(bytes);', 1],
    ['let WASM_VECTOR_LEN = 0;', 'const encode = cachedTextEncoder.encode.bind(cachedTextEncoder);\n    const encodeInto = cachedTextEncoder.encodeInto.bind(cachedTextEncoder);\n    let WASM_VECTOR_LEN = 0;', 1],
    ['cachedTextEncoder.encodeInto(arg, view)', 'encodeInto(arg, view)', 1],
    ['cachedTextEncoder.encode(arg)', 'encode(arg)', 2],
  ];
  for (const [before, after, times] of edits) {
    if (glue.split(before).length - 1 !== times) throw new Error(`expected ${times} of \`${before}\` in wasm-bindgen's glue: update ownCodecs`);
    glue = glue.replaceAll(before, after);
  }
  return glue;
};
// The views module, doorman-views.wasm (see tools/split.mjs), is instantiated beside the widget's
// wasm with its memory, tables and functions (import module `p`) and the glue's own imports.
// Its exports are copied by hand (a page may have broken Object.assign).
// `views.load(bytes)` is how the loader hands it over when a campaign is about to show. The
// import `v.l`, which the widget's wasm calls when a view function runs before that, loads it
// synchronously from `views.url`: a safety net that says so, since it holds the page meanwhile.
const withViews = (glue) => {
  const imports = '"./doorman_bg.js": import0,\n        };';
  const exported = 'return Object.assign(__wbg_init, { initSync }, exports);';
  if (!glue.includes(imports) || !glue.includes(exported)) throw new Error('wasm-bindgen\'s glue changed its shape: update withViews');
  const views = `const views = {
        url: '',
        ready: false,
        imports() {
            const imports = __wbg_get_imports();
            imports.p = wasm;
            return imports;
        },
        // Its imports from the widget's wasm (module \`p\`) tell it from another file under its name.
        checked(module) {
            if (!WebAssembly.Module.imports(module).some((entry) => entry.module === 'p')) throw new Error('it is not the views of this release');
            return module;
        },
        async load(bytes) {
            if (!views.ready) await WebAssembly.instantiate(views.checked(await WebAssembly.compile(bytes)), views.imports());
            return (views.ready = true);
        },
        now() {
            console.warn('Doorman: a view ran before doorman-views.wasm loaded, so it loads now, holding the page meanwhile. Please report this as a bug.');
            const request = new XMLHttpRequest();
            request.open('GET', views.url, false);
            request.overrideMimeType('text/plain; charset=x-user-defined');
            request.send();
            if (request.status !== 200) throw new Error(\`\${views.url} answered HTTP \${request.status}\`);
            const bytes = Uint8Array.from(request.responseText, (char) => char.charCodeAt(0) & 0xff);
            new WebAssembly.Instance(views.checked(new WebAssembly.Module(bytes)), views.imports());
            views.ready = true;
        },
    };
    `;
  return glue
    .replace(imports, '"./doorman_bg.js": import0,\n            v: { l: () => views.now() },\n        };')
    .replace(exported, `${views}for (const name in exports) __wbg_init[name] = exports[name];\n    __wbg_init.initSync = initSync;\n    __wbg_init.views = views;\n    __wbg_init.halted = halted;\n    return __wbg_init;`);
};
const glue = minifyNames(withViews(haltOnThrow(ownCodecs(readFileSync(args.glue, 'utf8')))), args.wasm, args['minified-wasm']);
const minify = async (contents, sourcefile) => (await transform(contents, { sourcefile, loader: 'js', minify: true, target: 'es2020', logLevel: 'warning' })).code;
// The glue runs as a classic script the loader inserts. It hands wasm-bindgen's init to the
// element that loaded it (`document.currentScript.doorman`, set by the loader; where a page's
// script loader leaves currentScript null, the script that has it) and defines no global: run by
// any other element, it does nothing. What its own set-up throws (wasm-bindgen's
// top level builds a TextEncoder and a TextDecoder, which a page may have deleted) it hands to
// the loader as the second argument, which names it, rather than into the page.
// It opens with V8's explicit compile hint (Chrome 136+; a plain comment elsewhere): nearly every
// function of the glue runs while the widget starts, and compiled with the script, off the main
// thread, they no longer add to the start's task (measured: -10 ms of its 64-78 ms at 4x).
const glueCode = `//# allFunctionsCalledOnLoad\n${await minify(`(() => {\nconst current = document.currentScript;\nconst hand = current ? current.doorman : [...document.scripts].find((tag) => tag.doorman)?.doorman;\nif (hand) try {\n${glue}hand(wasm_bindgen);\n} catch (error) {\nhand(undefined, error);\n}\n})();\n`, 'doorman-glue.js')}`;
const glueHash = `sha384-${createHash('sha384').update(glueCode).digest('base64')}`;
const loader = readFileSync(args.loader, 'utf8').replaceAll('__VERSION__', args.version).replaceAll('__GLUE_INTEGRITY__', glueHash);
// One function scope, so the page gains nothing but what the loader puts on `window`. What its
// top level throws (a page whose Symbol.for, Object.defineProperty or currentScript getter
// throws) is a console line, not an error in the page.
writeFileSync(args['glue-out'], glueCode);
writeFileSync(args.out, await minify(`(() => {\ntry {\n${loader}} catch (error) {\nconsole.warn(\`Doorman could not start: \${error} (a page's override of a built-in threw).\`);\n}\n})();\n`, 'doorman.js'));
