// Splits the widget's wasm in two: doorman.wasm, what a page view that loads the widget runs
// (the tag, the triggers, the caps, the outbox), and doorman-views.wasm, the code that draws a
// campaign (the dialog, the teaser tab, the wheel and the scratch card), which the widget fetches
// when a campaign is about to show (see `Widget::with_views` in src/web/views.rs).
//
//   node tools/split.mjs --in <optimized, with names> --out <doorman.wasm> --views-out <doorman-views.wasm>
//
// The input is the wasm after binaryen's import/export minification, with `-g` so that its
// functions keep their Rust names: VIEWS below picks the view code by those names. It is not
// optimized yet: each part is, here (-Oz), after the split, so that binaryen cannot first inline
// a view function into code that stays (measured: 1.7 KB gzip less in doorman.wasm than
// splitting an -Oz build, 2.2 KB more in the views).
// binaryen's own wasm-split is not in its npm package, so this does the same with binaryen.js:
// - In doorman.wasm each view function keeps its signature, and its body becomes a call through
//   a table of the views (`VIEWS_TABLE`), whose entries the views module fills in when it is
//   instantiated. Calls, function pointers and exports of it stay as they are. An entry still
//   empty calls the import `v.l` first, with which the glue loads the views synchronously: a
//   safety net, not the way they load (it logs a warning when used).
// - What only the view functions call leaves doorman.wasm with them.
// - Files the Rust source includes whole that only view code reads (VIEWS_DATA) move as data:
//   doorman.wasm keeps zeros where they were, and the views module writes them back there.
// - doorman-views.wasm defines the view functions and what only they call, and imports the rest
//   from doorman.wasm (module `p`): memory, tables, globals, functions. wasm-bindgen's imports
//   from the glue it takes from the glue, as doorman.wasm does.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import binaryen from 'binaryen';

const { values: args } = parseArgs({ options: { in: { type: 'string' }, out: { type: 'string' }, 'views-out': { type: 'string' } } });
for (const name of ['in', 'out', 'views-out']) if (!args[name]) throw new Error(`--${name} is required`);

// The widget's methods that draw, each `#[inline(never)]` in the Rust source: one inlined into
// its caller would stay in doorman.wasm with the caller, so the split fails when one is missing.
const WIDGET_VIEWS = ['show_welcome_now', 'open_welcome', 'weigh_cart', 'read_texts', 'offer_cart_save', 'show_teaser_now',
  'show_reminder_tab', 'show_game', 'show_board', 'start_play', 'play', 'on_frame', 'scratch_at', 'scratch_end',
  'finish_game', 'submit', 'reveal_code', 'close_popup', 'popup_removed', 'show_code_again'];
// The code that draws a campaign, by the Rust paths of its functions. The widget reaches none of
// it before `with_views` has the views module here; a function named here that the page view
// calls before would load the views synchronously (and say so).
const VIEWS = new RegExp([
  // `halt` gives the page its scrolling back whether or not the views ever loaded.
  String.raw`^<?doorman::web::(dialog::(?!scroll_lock::release_scroll)|teaser::|mount::|game::wheel::|game::scratch::)`,
  String.raw`^doorman::game::(wheel|scratch)::`,
  String.raw`^doorman::web::Widget::(open_popup|finish_opening|finish_opening_later)::`,
  // Dropping a view: only one the views module made exists to be dropped (not an `Option` of one,
  // which the widget drops whether or not it holds a view).
  String.raw`^core::ptr::drop_in_place<doorman::web::(dialog::|teaser::|mount::|courier::|game::Board>)`,
  // Delivery: a page view reaches it once a campaign has shown or something waits in the outbox
  // (`with_delivery`), so one whose outbox is empty fetches none of it.
  String.raw`^doorman::web::courier::`,
  String.raw`^doorman::web::\w+::<impl doorman::web::Widget>::(${WIDGET_VIEWS.join('|')})::`,
].join('|'));
const VIEWS_TABLE = 'doorman_views';
const LOAD_NOW = 'doorman_views_load';

const read = () => {
  const module = binaryen.readBinary(readFileSync(args.in));
  // What the Rust toolchain emits and every browser Doorman supports: not All, which would let
  // binaryen write newer encodings (grouped imports) that browsers do not read yet.
  const { MutableGlobals, SignExt, BulkMemory, BulkMemoryOpt, NontrappingFPToInt, ReferenceTypes, Multivalue } = binaryen.Features;
  module.setFeatures(MutableGlobals | SignExt | BulkMemory | BulkMemoryOpt | NontrappingFPToInt | ReferenceTypes | Multivalue);
  return module;
};
const functions = (module) => Array.from({ length: module.getNumFunctions() }, (_, i) => binaryen.getFunctionInfo(module.getFunctionByIndex(i)));
const defined = (module) => functions(module).filter((f) => !f.module);
const dataSegments = (module) => Array.from({ length: module.getNumDataSegments() }, (_, i) => module.getDataSegmentInfo(module.getDataSegmentByIndex(i)));

// doorman.wasm: every view function becomes a stub that calls its entry in the views table.
const primary = read();
const views = defined(primary).filter((f) => VIEWS.test(f.name));
if (views.length < 20) throw new Error(`only ${views.length} functions matched the views: update VIEWS in tools/split.mjs`);
const inlined = WIDGET_VIEWS.filter((method) => !views.some((f) => f.name.includes(`<impl doorman::web::Widget>::${method}::`)));
if (inlined.length) throw new Error(`no function is named for ${inlined.join(', ')}: mark each #[inline(never)] in the Rust source`);
primary.addFunctionImport(LOAD_NOW, 'v', 'l', binaryen.none, binaryen.none);
primary.addTable(VIEWS_TABLE, views.length, views.length, binaryen.funcref);
views.forEach((view, slot) => {
  const params = binaryen.expandType(view.params);
  const entry = () => primary.i32.const(slot);
  const body = primary.block(null, [
    primary.if(primary.ref.is_null(primary.table.get(VIEWS_TABLE, entry(), binaryen.funcref)), primary.call(LOAD_NOW, [], binaryen.none)),
    primary.call_indirect(VIEWS_TABLE, entry(), params.map((type, i) => primary.local.get(i, type)), view.params, view.results),
  ], view.results);
  primary.removeFunction(view.name);
  primary.addFunction(view.name, view.params, view.results, [], body);
});
// Files the Rust source includes whole (`include_str!`) that only view code reads: the dialog's
// stylesheet and English's texts. Their bytes leave doorman.wasm for the views module, each as a
// segment at the same address, which instantiating the views module writes into the memory both
// share. doorman.wasm keeps zeros there (memory starts zeroed; binaryen drops them from its
// data), and the split fails if anything it keeps holds an address inside one (see the check
// after optimizing).
const VIEWS_DATA = ['src/web/popup.css', 'src/texts/en.json'];
const segments = dataSegments(primary).map((s) => ({ ...s, data: Buffer.from(s.data) }));
const viewsData = VIEWS_DATA.map((file) => {
  const bytes = readFileSync(new URL(`../${file}`, import.meta.url));
  const holding = segments.filter((s) => !s.passive && s.data.includes(bytes));
  if (holding.length !== 1 || holding[0].data.indexOf(bytes) !== holding[0].data.lastIndexOf(bytes)) {
    throw new Error(`${file} is in doorman.wasm's data ${holding.length} times, not once: update VIEWS_DATA in tools/split.mjs`);
  }
  const at = holding[0].data.indexOf(bytes);
  holding[0].data.fill(0, at, at + bytes.length);
  return { file, bytes, start: holding[0].offset + at, end: holding[0].offset + at + bytes.length };
});
const memoryInfo = primary.getMemoryInfo('0');
primary.setMemory(memoryInfo.initial, memoryInfo.max ?? -1, null, segments.map((s) => ({
  name: s.name, data: s.data, passive: s.passive, offset: s.passive ? 0 : primary.i32.const(s.offset),
})), memoryInfo.shared, memoryInfo.is64, '0');
// Only what binaryen removes as unused here: its names stay, for the views module to import.
primary.runPasses(['remove-unused-module-elements']);
const moved = new Set(views.map((f) => f.name));
const kept = new Set(defined(primary).map((f) => f.name).filter((name) => !moved.has(name)));

// doorman-views.wasm: the view functions and what only they call; the rest is imported.
const secondary = read();
const exportNames = new Map(); // internal name in doorman.wasm → its export to the views module
const exportName = (name) => {
  if (!exportNames.has(name)) exportNames.set(name, `.${exportNames.size.toString(36)}`);
  return exportNames.get(name);
};
for (let i = secondary.getNumExports() - 1; i >= 0; i -= 1) secondary.removeExport(binaryen.getExportInfo(secondary.getExportByIndex(i)).name);
for (let i = secondary.getNumElementSegments() - 1; i >= 0; i -= 1) secondary.removeElementSegment(binaryen.getElementSegmentInfo(secondary.getElementSegmentByIndex(i)).name);
for (const f of defined(secondary)) {
  if (!kept.has(f.name)) continue;
  secondary.removeFunction(f.name);
  secondary.addFunctionImport(f.name, 'p', exportName(f.name), f.params, f.results);
}
const globals = Array.from({ length: secondary.getNumGlobals() }, (_, i) => binaryen.getGlobalInfo(secondary.getGlobalByIndex(i)));
for (const g of globals.filter((g) => !g.module)) {
  secondary.removeGlobal(g.name);
  secondary.addGlobalImport(g.name, 'p', exportName(`global ${g.name}`), g.type, g.mutable);
}
const tables = Array.from({ length: secondary.getNumTables() }, (_, i) => secondary.getTableByIndex(i))
  .map((table) => ({ ...binaryen.getTableInfo(table), type: binaryen._BinaryenTableGetType(table) }));
for (const t of tables.filter((t) => !t.module)) {
  secondary.removeTable(t.name);
  secondary.addTable(t.name, t.initial, t.max ?? 0xffffffff, t.type);
  secondary.addTableImport(t.name, 'p', exportName(`table ${t.name}`));
}
secondary.addTable(VIEWS_TABLE, views.length, views.length, binaryen.funcref);
secondary.addTableImport(VIEWS_TABLE, 'p', exportName(`table ${VIEWS_TABLE}`));
secondary.addActiveElementSegment(VIEWS_TABLE, 'views', views.map((f) => f.name), secondary.i32.const(0));
const memory = secondary.getMemoryInfo();
secondary.setMemory(memory.initial, memory.max ?? -1, null,
  viewsData.map(({ file, bytes, start }) => ({ name: file, data: bytes, passive: false, offset: secondary.i32.const(start) })), memory.shared, memory.is64, '0');
secondary.addMemoryImport('0', 'p', exportName('memory'), memory.shared);

binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
secondary.optimize();
if (!secondary.validate()) throw new Error('the views module does not validate');
secondary.runPasses(['strip-debug', 'strip-producers']);

// doorman.wasm exports to the views module what it still imports, under the same short names.
const secondaryBytes = secondary.emitBinary();
const wanted = WebAssembly.Module.imports(new WebAssembly.Module(secondaryBytes)).filter((i) => i.module === 'p');
const byShort = new Map([...exportNames].map(([name, short]) => [short, name]));
for (const { name: short, kind } of wanted) {
  const name = byShort.get(short);
  if (kind === 'function') primary.addFunctionExport(name, short);
  else if (kind === 'global') primary.addGlobalExport(name.slice('global '.length), short);
  else if (kind === 'table') primary.addTableExport(name.slice('table '.length), short);
  else if (kind === 'memory') primary.addMemoryExport('0', short);
  else throw new Error(`the views module imports a ${kind}`);
}
primary.optimize();
if (!primary.validate()) throw new Error('doorman.wasm does not validate after the split');
// No address inside what moved in doorman.wasm: not in its code (a constant, a load or store's
// constant address plus offset), not in its data (a pointer in a static).
const movedData = (address) => viewsData.find(({ start, end }) => address >= start && address < end);
const code = primary.emitText();
const addressed = [...code.matchAll(/i32\.const (-?\d+)/g)].map((m) => Number(m[1]) >>> 0)
  .concat([...code.matchAll(/offset=(\d+)\s*\(i32\.const (-?\d+)\)/g)].map((m) => Number(m[1]) + (Number(m[2]) >>> 0)));
// Pointers in statics are 4-byte aligned: the kept data is read at aligned addresses.
const pointers = dataSegments(primary)
  .filter((s) => !s.passive)
  .flatMap(({ offset, data }) => {
    const bytes = Buffer.from(data);
    const first = (4 - (offset % 4)) % 4;
    return Array.from({ length: Math.max(0, Math.floor((bytes.length - first) / 4)) }, (_, i) => bytes.readUInt32LE(first + 4 * i));
  });
const stray = addressed.concat(pointers).filter(movedData);
if (stray.length) throw new Error(`doorman.wasm holds ${stray.length} addresses inside ${movedData(stray[0]).file}, which moved to the views: remove it from VIEWS_DATA in tools/split.mjs`);
primary.runPasses(['strip-debug', 'strip-producers']);
writeFileSync(args.out, primary.emitBinary());
writeFileSync(args['views-out'], secondaryBytes);
console.log(`split: ${views.length} view functions moved to ${args['views-out']}, which imports ${wanted.length} items from ${args.out}`);
