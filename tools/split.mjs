// Splits the widget's wasm in two: doorman.wasm, what a page view that loads the widget runs
// (the tag, the triggers, the caps, the outbox), and doorman-views.wasm, the code that draws a
// campaign (the dialog, the teaser tab, the wheel and the scratch card), which the widget fetches
// when a campaign is about to show (see `Widget::with_views` in src/web/views.rs).
//
//   node tools/split.mjs --in <optimized, with names> --map <wasm-ld's --Map of the build>
//                        --out <doorman.wasm> --views-out <doorman-views.wasm>
//
// The input is the wasm after binaryen's import/export minification, with `-g` so that its
// functions keep their Rust names: VIEWS below picks the view code by those names. It is not
// optimized yet: each part is, here (-Oz), after the split, so that binaryen cannot first inline
// a view function into code that stays (measured: 1.7 KB gzip less in doorman.wasm than
// splitting an -Oz build, 2.2 KB more in the views).
// binaryen's own wasm-split is not in its npm package, so this does the same with binaryen.js:
// - Each of core's panic entry points becomes `unreachable` first (see PANICS).
// - In doorman.wasm each view function keeps its signature, and its body becomes a call through
//   a table of the views (`VIEWS_TABLE`), whose entries the views module fills in when it is
//   instantiated. Calls, function pointers and exports of it stay as they are. An entry still
//   empty calls the import `v.l` first, with which the glue loads the views synchronously: a
//   safety net, not the way they load (it logs a warning when used).
// - What only the view functions call leaves doorman.wasm with them.
// - The statics only view code reads move as data, each whole as the linker's map bounds it:
//   doorman.wasm keeps zeros where they were, and the views module writes them back there.
//   Those neither module reads any more (the panics' messages and source locations) are dropped.
// - doorman-views.wasm defines the view functions and what only they call, and imports the rest
//   from doorman.wasm (module `p`): memory, tables, globals, functions. wasm-bindgen's imports
//   from the glue it takes from the glue, as doorman.wasm does.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import binaryen from 'binaryen';

const { values: args } = parseArgs({ options: { in: { type: 'string' }, map: { type: 'string' }, out: { type: 'string' }, 'views-out': { type: 'string' } } });
for (const name of ['in', 'map', 'out', 'views-out']) if (!args[name]) throw new Error(`--${name} is required`);

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

// The entry points of a panic in `core`, `alloc` and `std` (the panic itself, and the cold
// functions that format a failed slice, index, unwrap, borrow or assertion into one), by their
// Rust paths. Each becomes `unreachable`, as Rust's `panic_immediate_abort` (nightly only) makes
// them: a panic is then a trap at once, with no message formatted, and the glue or the loader
// catches the trap like any exception and stops the widget (`halt`, "an internal error"). The
// widget never shows a panic's message, so the formatting, `char`'s `Debug` and Unicode's tables
// it needs were bytes every shopper fetched for nothing (measured: doorman.wasm 65,500 -> 63,338 B
// gzip, the views +610 B, which now hold the formatting only their own messages use).
// `Debug` formatting goes the same way: only a panic's message and the tests use it (the widget's
// own messages are built from strings and `Display`, and no code outside tests writes `{:?}`). Its
// impls are reached through the function table, whose entries the split clears only when no
// constant or data word equals their index (see `clearUnreachableEntries`), which any small number
// the code uses may: `char`'s, with Unicode's printable tables, stayed or went as a change moved its
// index (1.3 to 2.3 KB gzip).
const PANICS = new RegExp([
  String.raw`^(core|alloc)\[[0-9a-f]+\]::(panicking::|str::slice_error_fail|slice::index::slice_index_fail|slice::copy_from_slice_impl::len_mismatch_fail)`,
  String.raw`^(core|alloc)\[[0-9a-f]+\]::(result::unwrap_failed|option::(unwrap|expect)_failed|cell::(panic_already|lazy::panic_poisoned))`,
  String.raw`^std\[[0-9a-f]+\]::thread::local::panic_access_error$`,
  // The payload a panic hands its hook, which formats the message: only a panic reaches it.
  String.raw`^<std\[[0-9a-f]+\]::panicking::panic_handler::\w+Payload as core\[[0-9a-f]+\]::panic::PanicPayload>::`,
  String.raw`::assert_failed$`,
  String.raw`^<.* as core\[[0-9a-f]+\]::fmt::Debug>::fmt$`,
  String.raw`^<core\[[0-9a-f]+\]::fmt::builders::`,
].join('|'));
const PANIC = /^core\[[0-9a-f]+\]::panicking::panic_fmt$/;

let panicEntries = 0;
const read = () => {
  const module = binaryen.readBinary(readFileSync(args.in));
  // What the Rust toolchain emits and every browser Doorman supports: not All, which would let
  // binaryen write newer encodings (grouped imports) that browsers do not read yet.
  const { MutableGlobals, SignExt, BulkMemory, BulkMemoryOpt, NontrappingFPToInt, ReferenceTypes, Multivalue } = binaryen.Features;
  module.setFeatures(MutableGlobals | SignExt | BulkMemory | BulkMemoryOpt | NontrappingFPToInt | ReferenceTypes | Multivalue);
  const panics = defined(module).filter((f) => PANICS.test(f.name));
  if (!panics.some((f) => PANIC.test(f.name))) throw new Error(`no function is named core::panicking::panic_fmt: update PANICS in tools/split.mjs`);
  panicEntries = panics.length;
  for (const f of panics) {
    module.removeFunction(f.name);
    module.addFunction(f.name, f.params, f.results, [], module.unreachable());
  }
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
// The statics only view code reads (the dialog's stylesheet, English's texts, the views' own
// strings and tables): their bytes leave doorman.wasm for the views module, as segments at the
// same addresses, which instantiating the views module writes into the memory both share.
// doorman.wasm keeps zeros there (memory starts zeroed; binaryen drops them from its data).
// Each static's bounds come from the linker's map (`--map`, wasm-ld's `--Map`): one of its
// read-only sections (`.rodata.<symbol>`) moves whole when doorman.wasm's code, as optimized
// after the split, names no address inside it and no static that stays points into it. So
// nothing doorman.wasm runs before the views are here can read one that moved; view code reads
// them once the views module, and with it their bytes, is here.
const statics = [...readFileSync(args.map, 'utf8').matchAll(/^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S.*:\(\.rodata(\.[^)]*)?\)$/gm)]
  .map((m) => ({ start: parseInt(m[1], 16), end: parseInt(m[1], 16) + parseInt(m[2], 16) }))
  .filter(({ start, end }) => end > start);
if (statics.length < 100) throw new Error(`${args.map} lists ${statics.length} read-only statics: is it wasm-ld's --Map of this build?`);
/** Every address `module`'s code names: a constant, or a load or store's constant address plus
 * its offset. Each half of a 64-bit constant counts too: the optimizer merges two adjacent 32-bit
 * stores of constants into one (a `&'static str`'s address and length, as `i64.const`). Not a
 * constant that masks or shifts (an operand of `and` or of a shift): no address or function index
 * is one, and the optimizer writes `b == b'.' || b == b','` as `b & 253 == 44`, whose 253 kept
 * the function at table index 253 and what it reaches (measured: 190 B gzip). */
const addressesIn = (module) => {
  // Not the data segments' own offsets, nor the stack pointer's start: the stack's end, where
  // the statics begin (no address inside one).
  const lines = module.emitText().split('\n')
    .filter((line) => !line.startsWith(' (data ') && !line.startsWith(' (global $__stack_pointer '));
  // binaryen's text indents each operand one space past the expression it belongs to.
  const depth = (line) => line.length - line.trimStart().length;
  const masks = /^\s*\(i(32|64)\.(and|shl|shr_s|shr_u|rotl|rotr)$/;
  const code = lines.filter((line, at) => {
    if (!/^\s*\(i(32|64)\.const -?\d+\)+$/.test(line)) return true;
    let parent = at - 1;
    while (parent >= 0 && depth(lines[parent]) >= depth(line)) parent -= 1;
    return !(parent >= 0 && masks.test(lines[parent]));
  }).join('\n');
  const halves = (value) => [Number(value & 0xffffffffn), Number((value >> 32n) & 0xffffffffn)];
  return [...code.matchAll(/i32\.const (-?\d+)/g)].map((m) => Number(m[1]) >>> 0)
    .concat([...code.matchAll(/i64\.const (-?\d+)/g)].flatMap((m) => halves(BigInt.asUintN(64, BigInt(m[1])))))
    .concat([...code.matchAll(/offset=(\d+)\s*\(i32\.const (-?\d+)\)/g)].map((m) => Number(m[1]) + (Number(m[2]) >>> 0)))
    .concat([...code.matchAll(/offset=(\d+)/g)].map((m) => Number(m[1])));
};
/** The 4-byte aligned words of `segments`' data that are not zero, where a static's pointers
 * are, as [address, value]. Read from the memory the segments make, since the optimizer splits
 * the data where it holds zeros, which may be inside a word (a pointer's high byte). Not the
 * words of a panic's source location (`core::panic::Location`: the file's address and length,
 * the line and the column, 16 bytes, its file a path that ends in `.rs`): only a panic reads
 * one, and panics are traps (see PANICS), so neither its file name nor a table entry whose index
 * equals its line is kept for it. */
const words = (segments) => {
  const active = segments.filter((s) => !s.passive);
  const base = Math.min(...active.map((s) => s.offset)) & ~3;
  const memory = Buffer.alloc(Math.max(...active.map((s) => s.offset + s.data.byteLength)) - base + 3);
  for (const { offset, data } of active) Buffer.from(data).copy(memory, offset - base);
  const word = (address) => (address >= base && address + 4 <= base + memory.length ? memory.readUInt32LE(address - base) : 0);
  const isLocation = ({ start, end }) => {
    if (end - start !== 16 || start % 4) return false;
    const [file, length, line, column] = [0, 4, 8, 12].map((at) => word(start + at));
    if (!line || !column || length < 4 || length > 300 || file < base || file + length > base + memory.length) return false;
    return /^[\x20-\x7e]+\.rs$/.test(memory.toString('latin1', file - base, file - base + length));
  };
  const locations = statics.filter(isLocation);
  const location = inside(locations);
  return Array.from({ length: Math.floor(memory.length / 4) }, (_, i) => [base + 4 * i, memory.readUInt32LE(4 * i)])
    .filter(([at, value]) => value !== 0 && !location(at));
};
const inside = (runs) => (address) => runs.find(({ start, end }) => address >= start && address < end);
/** `wasm` with the bytes of its active data segments inside `runs` zeroed, in place: each such
 * segment is `0 (i32.const offset) end` and its bytes (binaryen.js cannot edit a segment). */
const zeroed = (wasm, runs) => {
  let at = 8;
  const leb = () => { let value = 0; let shift = 0; let byte; do { byte = wasm[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80); return value; };
  const sleb = () => { let value = 0; let shift = 0; let byte; do { byte = wasm[at++]; value |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80); return shift < 32 && byte & 0x40 ? value | (-1 << shift) : value; };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 11) {
      for (let count = leb(); count > 0; count -= 1) {
        const flags = leb();
        if (flags !== 0 || wasm[at++] !== 0x41) throw new Error('doorman.wasm has a data segment other than `0 (i32.const offset)`');
        const offset = sleb();
        if (wasm[at++] !== 0x0b) throw new Error('doorman.wasm has a data segment whose offset is not a constant');
        const length = leb();
        for (const { start, end: stop } of runs) {
          const from = Math.max(start, offset);
          const to = Math.min(stop, offset + length);
          if (from < to) wasm.fill(0, at + from - offset, at + to - offset);
        }
        at += length;
      }
    }
    at = end;
  }
  return wasm;
};
/** Adjacent statics as one run each, with their bytes from `segments` (the optimizer has
 * already split the data where it holds zeros: a run may span segments). */
const runsOf = (list, segments) => list.sort((x, y) => x.start - y.start).reduce((merged, run) => {
  const last = merged.at(-1);
  if (last && last.end === run.start) last.end = run.end;
  else merged.push({ start: run.start, end: run.end });
  return merged;
}, []).map((run) => {
  run.bytes = Buffer.alloc(run.end - run.start);
  for (const segment of segments.filter((s) => !s.passive)) {
    const from = Math.max(run.start, segment.offset);
    const to = Math.min(run.end, segment.offset + segment.data.length);
    if (from < to) segment.data.copy(run.bytes, from - run.start, from - segment.offset, to - segment.offset);
  }
  return run;
});
/** The statics doorman.wasm's code (as optimized) does not name, as runs of adjacent statics
 * with their bytes: `moved`, those the views module's code names or reaches through their
 * pointers, and `dropped`, those neither module reads any more (the formatting of panics, which
 * are traps now). */
const viewsStatics = () => {
  const segments = dataSegments(primary).map((s) => ({ ...s, data: Buffer.from(s.data) }));
  const named = addressesIn(primary).filter((address) => address >= statics[0].start).sort((x, y) => x - y);
  const unnamed = ({ start, end }) => {
    let lo = 0;
    let hi = named.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (named[mid] < start) lo = mid + 1; else hi = mid; }
    return !(lo < named.length && named[lo] < end);
  };
  let leaving = statics.filter(unnamed);
  // A static that stays and points into one that would move keeps it; that one's pointers then
  // count too, until nothing changes.
  for (let changed = true; changed;) {
    const moving = inside(leaving);
    const pointedTo = words(segments).filter(([at]) => !moving(at)).map(([, value]) => value);
    const before = leaving.length;
    leaving = leaving.filter(({ start, end }) => !pointedTo.some((value) => value >= start && value < end));
    changed = leaving.length !== before;
  }
  // What the views read: the statics their code names, and those that these point into.
  const staticAt = inside(leaving);
  const wordsOf = new Map();
  for (const [at, value] of words(segments)) {
    const found = staticAt(at);
    if (found) wordsOf.set(found, [...(wordsOf.get(found) ?? []), value]);
  }
  const reached = new Set();
  const reach = (address) => {
    const found = staticAt(address);
    if (found && !reached.has(found)) {
      reached.add(found);
      for (const value of wordsOf.get(found) ?? []) reach(value);
    }
  };
  for (const address of addressesIn(secondary)) reach(address);
  return { moved: runsOf([...reached], segments), dropped: runsOf(leaving.filter((run) => !reached.has(run)), segments) };
};
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
secondary.setMemory(memory.initial, memory.max ?? -1, null, [], memory.shared, memory.is64, '0');
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
// The function table's entries that nothing can reach any more. A function whose address the
// compiler took stays in the table, and the table keeps it in doorman.wasm, after the code that
// used the address is gone: with the panics (see PANICS) went every use of the formatting
// functions they passed as pointers (`Range`'s and errors' `Debug`, their payloads). An entry is
// cleared, to a function that traps, when neither module's code (as optimized) names its index
// and no data that can be read holds it: the words of a static that code names or that such a
// static points into, and of all data outside the read-only statics. The JS glue calls exports,
// never the table. Then binaryen drops what only the cleared entries kept.
const clearUnreachableEntries = () => {
  const named = new Set([...addressesIn(primary), ...addressesIn(secondary)]);
  const data = words(dataSegments(primary));
  const staticAt = inside(statics);
  const readable = new Set();
  const reach = (value) => {
    const found = staticAt(value);
    if (found && !readable.has(found)) {
      readable.add(found);
      for (const [at, word] of data) if (at >= found.start && at < found.end) { named.add(word); reach(word); }
    }
  };
  for (const address of [...named]) reach(address);
  for (const [at, word] of data) if (!staticAt(at)) { named.add(word); reach(word); }
  const segment = binaryen.getElementSegmentInfo(primary.getElementSegmentByIndex(0));
  const first = binaryen.getExpressionInfo(segment.offset).value;
  const cleared = segment.data.filter((_, i) => !named.has(first + i)).length;
  primary.addFunction('doorman_cleared_entry', binaryen.none, binaryen.none, [], primary.unreachable());
  primary.removeElementSegment(segment.name);
  primary.addActiveElementSegment(segment.table, segment.name,
    segment.data.map((name, i) => (named.has(first + i) ? name : 'doorman_cleared_entry')), primary.i32.const(first));
  primary.optimize();
  return cleared;
};
if (primary.getNumElementSegments() !== 1) throw new Error('doorman.wasm has other than one element segment: update clearUnreachableEntries');
const clearedEntries = clearUnreachableEntries();
if (!primary.validate()) throw new Error('doorman.wasm does not validate after the split');
// The statics that only view code names move to the views module's data, at their addresses.
const { moved: viewsData, dropped } = viewsStatics();
secondary.setMemory(memory.initial, memory.max ?? -1, null,
  viewsData.map(({ bytes, start }) => ({ name: `static ${start}`, data: bytes, passive: false, offset: secondary.i32.const(start) })), memory.shared, memory.is64, '0');
secondary.addMemoryImport('0', 'p', exportName('memory'), memory.shared);
if (!secondary.validate()) throw new Error('the views module does not validate with its statics');
writeFileSync(args['views-out'], secondary.emitBinary());
primary.runPasses(['strip-debug', 'strip-producers']);
const final = binaryen.readBinary(zeroed(primary.emitBinary(), [...viewsData, ...dropped]));
final.setFeatures(primary.getFeatures());
final.runPasses(['memory-packing']);
if (!final.validate()) throw new Error('doorman.wasm does not validate once the views\' statics moved');
writeFileSync(args.out, final.emitBinary());
console.log(`split: ${panicEntries} panic entry points made unreachable and ${clearedEntries} table entries cleared, ${views.length} view functions and ${viewsData.reduce((sum, run) => sum + run.bytes.length, 0)} bytes of statics moved to ${args['views-out']} (${dropped.reduce((sum, run) => sum + run.bytes.length, 0)} bytes that neither reads dropped), which imports ${wanted.length} items from ${args.out}`);
