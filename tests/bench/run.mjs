// Doorman's benchmark, side by side with the open-source peer stack a developer would glue
// together instead (ouibounce + micromodal + spin-wheel + scratchcard-js), in one run.
//
//   make bench            (builds first; writes BENCHMARKS.md)
//
// Every figure is a ratio or a delta measured in this run, never an absolute budget check:
// transfer sizes, main-thread cost of loading the demo storefront under 4x CPU throttling (the
// widget's own, traced, and the page-wide delta),
// long tasks, layout shift, Lighthouse performance score, and memory after a sign-up; and the
// preview shop's sign-up list at 100,000 rows while sign-ups arrive.
//
//   BENCH_ONLY=list node tests/bench/run.mjs   (the sign-up list alone; prints, writes nothing)
//   BENCH_ONLY=views node tests/bench/run.mjs  (first view, view with nothing to show, trigger →
//                                               dialog; prints, writes nothing; needs a build)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { startShop, launchBrowser, ROOT } from '../e2e/shop.mjs';

const LOADS = Number(process.env.BENCH_LOADS || 15);
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS || 3);
const THROTTLE = 4;
const SETTLE_MS = 2_500;
const PAGES = join(ROOT, 'target/bench/pages');

const PEER_FILES = {
  'ouibounce (exit intent)': 'ouibounce/build/ouibounce.min.js',
  'micromodal (dialog)': 'micromodal/dist/micromodal.min.js',
  'spin-wheel (wheel)': 'spin-wheel/dist/spin-wheel-iife.js',
  'scratchcard-js (scratch card)': 'scratchcard-js/build/scratchcard.min.js',
};

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The first and third quartiles of `values` (the nearest sample to each). */
const quartiles = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[Math.floor((sorted.length - 1) / 4)], sorted[Math.ceil((3 * (sorted.length - 1)) / 4)]];
};

/** Three variants of the same demo storefront: no widget, Doorman, the peer stack. */
function writePages() {
  mkdirSync(join(PAGES, 'peers'), { recursive: true });
  // The storefront alone: the demo's configurator panel would make the variants differ.
  const demo = readFileSync(join(ROOT, 'www/index.html'), 'utf8')
    .replace(/ *<script src="\/configurator\.js"[^>]*><\/script>\n/, '')
    .replace(/ *<aside class="panel"[\s\S]*?<\/aside>\n/, '');
  if (demo.includes('configurator.js') || demo.includes('class="panel"')) throw new Error('the demo page changed: update writePages');
  const tag = demo.match(/ *<!-- The merchant's one tag[\s\S]*?<\/script>\n/)[0];
  // A long delay keeps every variant's popup closed: this measures what loading costs.
  const doorman = demo.replace(/data-welcome-delay="[^"]*"/, 'data-welcome-delay="10min"');
  const peerTags = Object.values(PEER_FILES)
    .map((file) => `  <script src="/fixtures/peers/${file.split('/').pop()}" defer></script>\n`)
    .join('') + '  <script src="/fixtures/peers/setup.js" defer></script>\n';
  for (const file of Object.values(PEER_FILES)) {
    copyFileSync(join(ROOT, 'tests/bench/node_modules', file), join(PAGES, 'peers', file.split('/').pop()));
  }
  copyFileSync(join(ROOT, 'tests/bench/peer-setup.js'), join(PAGES, 'peers/setup.js'));
  for (const page of ['wheel.html', 'scratch.html', 'shopify.js']) copyFileSync(join(ROOT, 'tests/fixtures', page), join(PAGES, page));
  copyFileSync(join(ROOT, 'tests/bench/peer-games.html'), join(PAGES, 'peer-games.html'));
  writeFileSync(join(PAGES, 'bare.html'), demo.replace(tag, ''));
  writeFileSync(join(PAGES, 'doorman.html'), doorman);
  // Shown at once when the page is scrolled: trigger → visible dialog is timed from the scroll.
  const scroll = demo.replace(/data-welcome-delay="[^"]*"/, 'data-welcome-delay="off" data-welcome-scroll="5%"');
  writeFileSync(join(PAGES, 'doorman-scroll.html'), scroll);
  // The same on a page the size of a real theme's (1,500 to 5,000 elements, where the demo has a
  // few dozen): 600 more product cards of 6 elements each. A modal dialog restyles the whole page.
  const card = (i) => `<li class="product"><div class="swatch"></div><h3><a href="/product.html?handle=item-${i}">Item ${i}</a></h3>`
    + '<p class="price">$19.00</p><button type="button" class="add">Add to cart</button></li>';
  const cards = `<section><h2>More to shop</h2><ul class="products">${Array.from({ length: 600 }, (_, i) => card(i)).join('')}</ul></section>\n  </main>`;
  if (!scroll.includes('</main>')) throw new Error('the demo page changed: update writePages');
  writeFileSync(join(PAGES, 'doorman-scroll-theme.html'), scroll.replace('</main>', cards));
  writeFileSync(join(PAGES, 'peers.html'), demo.replace(tag, peerTags));
  // The least a view with nothing to show can cost a widget that remembers its visitor: a script
  // that reads one key of localStorage in an idle callback, and does nothing else.
  mkdirSync(join(PAGES, 'floor'), { recursive: true });
  writeFileSync(join(PAGES, 'floor/floor.js'), "requestIdleCallback(() => localStorage.getItem('doorman:quiet'));\n");
  writeFileSync(join(PAGES, 'floor.html'), demo.replace(tag, '  <script src="/fixtures/floor/floor.js" defer></script>\n'));
  // What the 4x throttling itself costs a script that does nothing but ask for an idle callback:
  // a task's traced time moves with whether one of the throttling's pauses falls inside it.
  mkdirSync(join(PAGES, 'empty'), { recursive: true });
  writeFileSync(join(PAGES, 'empty/empty.js'), 'requestIdleCallback(() => {});\n');
  writeFileSync(join(PAGES, 'empty.html'), demo.replace(tag, '  <script src="/fixtures/empty/empty.js" defer></script>\n'));
  // A theme's own script that reads localStorage before the widget runs (recently viewed products,
  // a cookie banner's choice), as most themes have: the page, not the widget, then pays the page
  // view's first read of localStorage.
  writeFileSync(join(PAGES, 'theme.js'), "localStorage.getItem('theme:recently-viewed');\n");
  const theme = '  <script src="/fixtures/theme.js"></script>\n';
  const marker = "<!-- The merchant's one tag";
  writeFileSync(join(PAGES, 'doorman-theme-storage.html'), doorman.replace(marker, `${theme.trimStart()}  ${marker}`));
  writeFileSync(join(PAGES, 'floor-theme-storage.html'), demo.replace(tag, `${theme}  <script src="/fixtures/floor/floor.js" defer></script>\n`));
}

function transferSizes() {
  const doorman = ['dist/doorman.js', 'dist/doorman-glue.js', 'dist/doorman.wasm', 'dist/doorman-views.wasm'].map((file) => readFileSync(join(ROOT, file)));
  const peers = Object.values(PEER_FILES).map((file) => readFileSync(join(ROOT, 'tests/bench/node_modules', file)));
  const total = (files, measure) => files.reduce((sum, bytes) => sum + measure(bytes), 0);
  const rows = [
    ['Doorman loader (doorman.js)', doorman[0]],
    ['Doorman glue (doorman-glue.js, fetched with the wasm)', doorman[1]],
    ['Doorman wasm (doorman.wasm)', doorman[2]],
    ['Doorman views (doorman-views.wasm, fetched when a campaign is about to show)', doorman[3]],
    ...Object.keys(PEER_FILES).map((name, i) => [name, peers[i]]),
  ].map(([name, bytes]) => ({ name, raw: bytes.length, gzip: gzip(bytes), brotli: brotli(bytes) }));
  return {
    rows,
    doorman: { raw: total(doorman, (b) => b.length), gzip: total(doorman, gzip), brotli: total(doorman, brotli) },
    peers: { raw: total(peers, (b) => b.length), gzip: total(peers, gzip), brotli: total(peers, brotli) },
  };
}

/** Whether a URL is one of Doorman's files: the loader, its glue, the wasm or the views. */
const isDoorman = (url) => /\/doorman\/doorman(\.|-glue\.|-views\.)/.test(url);

/** Collects long tasks and layout shifts from the first moment of the page. */
const OBSERVERS = () => {
  window.__bench = { longTasks: 0, cls: 0 };
  new PerformanceObserver((list) => { window.__bench.longTasks += list.getEntries().length; })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__bench.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
};

/** Which script a trace event runs on behalf of: its own URL, else its caller's. */
const eventUrl = (event) => {
  const data = event.args?.data ?? event.args?.beginData ?? {};
  return data.url || data.scriptName || data.stackTrace?.[0]?.url || '';
};

/**
 * Main-thread time spent on behalf of one widget, from a renderer trace: the self time of every
 * event whose script (or nearest calling script) is the widget's, and of all WebAssembly work and
 * the microtasks run in the same task (only Doorman uses wasm on these pages: its start runs as a
 * promise continuation, which the trace names no script for). Unlike the page-wide delta, the
 * page's own noise does not enter it. Also counts the long tasks (> 50 ms) the widget caused:
 * those that would have stayed under 50 ms without its work.
 */
function widgetTime(events, isWidget) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events
    .filter((e) => e.pid === main?.pid && e.tid === main?.tid && e.ph === 'X' && e.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const isWasm = (event) => event.name.startsWith('wasm.') || event.name.startsWith('v8.wasm.');
  const stack = [];
  const parentOf = new Map();
  const task = new Map(); // event → the top-level task it runs in
  const self = new Map();
  for (const event of onMain) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= event.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent, self.get(parent) - event.dur);
    parentOf.set(event, parent);
    self.set(event, event.dur);
    task.set(event, stack[0] ?? event);
    stack.push(event);
  }
  const wasmTasks = new Set(onMain.filter(isWasm).map((event) => task.get(event)));
  const ours = new Map();
  const oursPerTask = new Map();
  for (const event of onMain) { // parents come before their children
    const parent = parentOf.get(event);
    const url = eventUrl(event);
    const inherited = parent ? ours.get(parent) || (event.name === 'RunMicrotasks' && wasmTasks.has(task.get(event))) : false;
    ours.set(event, isWasm(event) || (url ? isWidget(url) : inherited));
    if (ours.get(event)) oursPerTask.set(task.get(event), (oursPerTask.get(task.get(event)) ?? 0) + self.get(event));
  }
  const total = [...oursPerTask.values()].reduce((sum, us) => sum + us, 0);
  const longTasks = [...oursPerTask].filter(([t, us]) => t.dur > 50_000 && t.dur - us <= 50_000).length;
  // V8 compiles a WebAssembly function on the main thread when it is first called (lazy
  // compilation): how much of the widget's own time that is, and how many functions.
  const lazy = onMain.filter((event) => event.name === 'wasm.CompileLazy');
  return { ms: total / 1000, longTasks, compileMs: lazy.reduce((sum, event) => sum + self.get(event), 0) / 1000, compiled: lazy.length };
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute',
  'disabled-by-default-v8.compile', 'v8.wasm'].join(',');

/** `prepare(page)`, when given, runs in the same context before the traced load: an earlier
 * page view of the same visitor (its storage and HTTP cache). `throttle`: the CPU slowdown. */
async function loadOnce(browser, url, isWidget, prepare, throttle = THROTTLE) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (prepare) await prepare(page);
  await page.addInitScript(OBSERVERS);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await cdp.send('Performance.enable');
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(SETTLE_MS);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.send('Tracing.end');
  await traced;
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  const observed = await page.evaluate(() => window.__bench);
  const wasmLoaded = await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  // Every file this page view fetched for the widget, by path, with the bytes that came over the wire.
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((r) => ({ path: new URL(r.name).pathname, transfer: r.transferSize, body: r.encodedBodySize })));
  await context.close();
  return {
    taskMs: metric('TaskDuration') * 1000,
    scriptMs: metric('ScriptDuration') * 1000,
    ...observed,
    widget: widgetTime(events, isWidget),
    wasmLoaded,
    fetched: fetched.filter((r) => isWidget(r.path)),
  };
}

async function mainThread(browser, shop) {
  const variants = ['bare', 'doorman', 'peers'];
  const samples = Object.fromEntries(variants.map((v) => [v, []]));
  // Each variant's own scripts, by URL: Doorman's three files, or the four peers and their set-up.
  const widgets = { bare: () => false, doorman: isDoorman, peers: (url) => url.includes('/fixtures/peers/') };
  await loadOnce(browser, `${shop.url}/fixtures/bare.html`, widgets.bare); // warm the server and the disk cache
  for (let i = 0; i < LOADS; i += 1) {
    // Interleaved, so drift on the machine touches every variant alike.
    for (const variant of variants) samples[variant].push(await loadOnce(browser, `${shop.url}/fixtures/${variant}.html`, widgets[variant]));
  }
  if (!samples.doorman.every((s) => s.wasmLoaded)) throw new Error('Doorman did not load its wasm in every sample');
  return summarize(samples, variants);
}

function summarize(samples, variants) {
  return Object.fromEntries(variants.map((variant) => [variant, {
    taskMs: median(samples[variant].map((s) => s.taskMs)),
    scriptMs: median(samples[variant].map((s) => s.scriptMs)),
    widgetMs: median(samples[variant].map((s) => s.widget.ms)),
    // The middle half of the samples: at 4x, a view's few milliseconds move with where the
    // throttling's pauses fall.
    widgetQuartiles: quartiles(samples[variant].map((s) => s.widget.ms)),
    widgetLongTasks: Math.max(...samples[variant].map((s) => s.widget.longTasks)),
    compileMs: median(samples[variant].map((s) => s.widget.compileMs)),
    compiled: median(samples[variant].map((s) => s.widget.compiled)),
    longTasks: Math.max(...samples[variant].map((s) => s.longTasks)),
    cls: Math.max(...samples[variant].map((s) => s.cls)),
    // The files of the widget fetched in the last sample, by path.
    fetched: samples[variant].at(-1).fetched,
    wasmBytes: Math.max(...samples[variant].map((s) => s.fetched.filter((r) => r.path.endsWith('.wasm')).reduce((sum, r) => sum + r.body, 0))),
    wasmLoads: samples[variant].filter((s) => s.wasmLoaded).length,
    samples: samples[variant].length,
  }]));
}

/** gzip -9 of the files a page view fetched for the widget, read from where the shop serves them. */
function fetchedGzip(fetched) {
  const local = (path) => (path.startsWith('/doorman/') ? join(ROOT, 'dist', path.slice('/doorman/'.length))
    : join(PAGES, 'peers', path.split('/').pop()));
  return [...new Set(fetched.map((r) => r.path))].reduce((sum, path) => sum + gzip(readFileSync(local(path))), 0);
}

/**
 * A page view with nothing to show: the visitor signed up and closed every prompt on earlier
 * views of the same context (so the HTTP cache holds what they fetched, and V8 has made its code
 * cache of the scripts, which it does on the second view), and nothing waits in the outbox.
 * Doorman's third view beside the peers' third view: the steady state of a shopper browsing on.
 * `throttle`: the CPU slowdown of the view measured (the earlier views run at full speed).
 */
async function quietView(browser, shop, throttle = THROTTLE) {
  const isFloor = (url) => url.includes('/fixtures/floor/');
  const widgets = { doorman: isDoorman, peers: (url) => url.includes('/fixtures/peers/'), floor: isFloor };
  // At 4x alone: the same views on a page whose theme read localStorage first, and the empty script.
  if (throttle === THROTTLE) {
    Object.assign(widgets, { 'doorman-theme-storage': isDoorman, 'floor-theme-storage': isFloor, empty: (url) => url.includes('/fixtures/empty/') });
  }
  // The visitor's record is written from the bare page, not by an init script: one would also
  // run in the view measured, and its read of localStorage would spare the widget the first
  // read of the page view, which costs more than all the rest of a quiet view.
  const earlier = (variant) => async (page) => {
    if (variant !== 'peers') {
      await page.goto(`${shop.url}/fixtures/bare.html`, { waitUntil: 'load' });
      await page.evaluate((floor) => {
        const now = Date.now();
        localStorage.setItem('doorman:visitor', JSON.stringify({ signed_up_at: now, welcome_closed_at: now, exit_closed_at: now, game_closed_at: now }));
        // What Doorman's widget would have written: the floor reads a record of the same size.
        if (floor) localStorage.setItem('doorman:quiet', `1|${now + 3.2e10}|0|1x2y3z4`);
      }, variant.startsWith('floor'));
    }
    await earlierView(variant, page);
    await earlierView(variant, page);
  };
  const earlierView = async (variant, page) => {
    await page.goto(`${shop.url}/fixtures/${variant}.html`, { waitUntil: 'load' });
    if (variant.startsWith('doorman')) {
      // The widget of that view writes the record the next view reads.
      await page.waitForFunction(() => /^1\|\d+\|0\|/.test(localStorage.getItem('doorman:quiet') ?? ''), null, { timeout: 30_000 });
    } else {
      await page.waitForTimeout(SETTLE_MS);
    }
    // Left before tracing, so that the earlier view's own leaving (Doorman's pagehide) is not
    // counted against the view measured.
    await page.goto('about:blank');
  };
  const variants = Object.keys(widgets);
  const samples = Object.fromEntries(variants.map((variant) => [variant, []]));
  for (let i = 0; i < LOADS; i += 1) {
    for (const variant of variants) {
      samples[variant].push(await loadOnce(browser, `${shop.url}/fixtures/${variant}.html`, widgets[variant], earlier(variant), throttle));
    }
  }
  return summarize(samples, variants);
}

/**
 * Trigger → visible dialog on `file` (the demo storefront, or the same grown to a theme's size)
 * at 4x throttling, in a fresh context each time (nothing cached): the page loads, the widget
 * settles, then the page is scrolled past the welcome popup's threshold, and the time runs from
 * the scroll to the end of the first frame drawn with the dialog in it: the end of that frame's
 * rendering as the Long Animation Frames API reports it (a frame of over 50 ms), else the next
 * frame's start. Not simply the next frame's start: a task between the two frames (the widget's
 * own reports, run after the dialog is drawn) would count as waiting for the dialog.
 * `paced`: the page is scrolled 100 px every 100 ms instead, as a shopper's wheel, and the time
 * runs from the step that reaches the threshold; the steps before it give the widget its head
 * start (half way to the depth, it fetches the views).
 */
async function triggerToDialog(browser, shop, file = 'doorman-scroll.html', { paced = false } = {}) {
  const runs = [];
  let elements = 0;
  for (let i = 0; i < Math.min(LOADS, 7); i += 1) {
    const page = await throttledPage(browser);
    await page.goto(`${shop.url}/fixtures/${file}`, { waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')), null, { timeout: 30_000 });
    await page.waitForTimeout(SETTLE_MS);
    runs.push(await page.evaluate((paced) => new Promise((resolve) => {
      const frames = [];
      const observer = new PerformanceObserver((list) => frames.push(...list.getEntries()));
      observer.observe({ type: 'long-animation-frame' });
      let started = performance.now();
      const visible = () => {
        const shown = document.querySelector('doorman-widget')?.shadowRoot?.querySelector('[role=dialog]');
        if (!shown) return requestAnimationFrame(visible);
        const seen = performance.now(); // in the rendering of the frame that draws the dialog
        requestAnimationFrame((next) => setTimeout(() => {
          observer.disconnect();
          const frame = frames.find((f) => f.renderStart > 0 && f.renderStart <= seen && seen <= f.startTime + f.duration);
          resolve((frame ? frame.startTime + frame.duration : next) - started);
        }, 100));
      };
      const dialog = () => document.querySelector('doorman-widget')?.shadowRoot?.querySelector('[role=dialog]');
      if (paced) {
        // The welcome popup's rule, and how much of the page has been seen (src/welcome/trigger.rs).
        const rule = Number.parseFloat(document.querySelector('script[data-welcome-scroll]').dataset.welcomeScroll);
        const seen = () => ((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100;
        if (seen() >= rule) throw new Error('the page shows the rule\'s depth at its top: no pace to measure');
        const step = setInterval(() => {
          if (dialog()) return clearInterval(step);
          const before = seen();
          window.scrollBy(0, 100);
          if (before < rule && seen() >= rule) started = performance.now();
        }, 100);
      } else {
        window.scrollTo(0, document.documentElement.scrollHeight);
      }
      requestAnimationFrame(visible);
    }), paced));
    elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    await page.context().close();
  }
  return { median: median(runs), worst: Math.max(...runs), n: runs.length, elements };
}

function viewsReport({ first, quiet, quietUnthrottled, trigger, themeTrigger, pacedTrigger, peersGzip }) {
  const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : 'n/a');
  const firstGzip = fetchedGzip(first.fetched);
  const wire = (fetched) => fetched.reduce((sum, r) => sum + r.transfer, 0);
  const lines = ['## Page views, side by side with the peers', ''];
  lines.push(`At ${THROTTLE}× CPU throttling unless a row says otherwise; median of ${quiet.doorman.samples} loads for each view.`, '');
  lines.push('| measure | Doorman | peers | Doorman ÷ peers |', '|---|---:|---:|---:|');
  lines.push(`| first view, before any campaign shows: the widget's files fetched (gzip -9 of ${[...new Set(first.fetched.map((r) => r.path.split('/').pop()))].join(' + ')}) | ${kb(firstGzip)} | ${kb(peersGzip)} | ${ratio(firstGzip, peersGzip)} |`);
  lines.push(`| view with nothing to show: WebAssembly fetched (loads that fetched any, of ${quiet.doorman.samples}) | ${kb(quiet.doorman.wasmBytes)} (${quiet.doorman.wasmLoads}) | — | — |`);
  lines.push(`| view with nothing to show: bytes over the network for the widget (transferSize; 0 from the cache, headers alone when revalidated) | ${wire(quiet.doorman.fetched)} B | ${wire(quiet.peers.fetched)} B | — |`);
  const spread = ({ widgetMs, widgetQuartiles: [q1, q3] }) => `${widgetMs.toFixed(2)} ms (${q1.toFixed(2)}–${q3.toFixed(2)})`;
  lines.push(`| view with nothing to show: the widget's own main-thread time (traced; median, and the middle half of the loads) | ${spread(quiet.doorman)} | ${spread(quiet.peers)} | ${ratio(quiet.doorman.widgetMs, quiet.peers.widgetMs)} |`);
  lines.push(`| the same without CPU throttling | ${spread(quietUnthrottled.doorman)} | ${spread(quietUnthrottled.peers)} | ${ratio(quietUnthrottled.doorman.widgetMs, quietUnthrottled.peers.widgetMs)} |`);
  lines.push(`| the floor beside it: a script that only reads one key of localStorage in an idle callback, the least a widget that remembers its visitor pays (Doorman ÷ floor) | ${spread(quiet.floor)} | — | ${ratio(quiet.doorman.widgetMs, quiet.floor.widgetMs)} |`);
  lines.push(`| the floor without CPU throttling | ${spread(quietUnthrottled.floor)} | — | ${ratio(quietUnthrottled.doorman.widgetMs, quietUnthrottled.floor.widgetMs)} |`);
  lines.push(`| view with nothing to show on a page whose theme reads localStorage before the widget, so that the page pays its first read | ${spread(quiet['doorman-theme-storage'])} | — | — |`);
  lines.push(`| the floor on that page (Doorman ÷ floor) | ${spread(quiet['floor-theme-storage'])} | — | ${ratio(quiet['doorman-theme-storage'].widgetMs, quiet['floor-theme-storage'].widgetMs)} |`);
  lines.push(`| a script that only asks for an empty idle callback: what a task's traced time is at ${THROTTLE}× before it does anything | ${spread(quiet.empty)} | — | — |`);
  lines.push(`| view with nothing to show: long tasks it caused (worst load) | ${quiet.doorman.widgetLongTasks} | ${quiet.peers.widgetLongTasks} | — |`);
  for (const [where, measured] of [['the demo storefront', trigger], ['a theme-sized page', themeTrigger]].filter(([, m]) => m)) {
    lines.push(`| trigger (scroll) → visible dialog, nothing cached, on ${where} (${measured.elements.toLocaleString('en')} elements): median (worst of ${measured.n}) | ${measured.median.toFixed(1)} ms (${measured.worst.toFixed(1)} ms) | — | — |`);
  }
  if (pacedTrigger) {
    lines.push(`| the same on the theme-sized page, scrolled 100 px every 100 ms (the views fetched half way to the depth): median (worst of ${pacedTrigger.n}) | ${pacedTrigger.median.toFixed(1)} ms (${pacedTrigger.worst.toFixed(1)} ms) | — | — |`);
  }
  return lines.join('\n');
}

/**
 * The page-view budgets beside what this run measured, each marked met or not: the figures are
 * the same as in the tables above, gathered where a reader looks first. A size budget of the
 * whole widget (68.0 KB gzip) is the build's size when the page-view budgets were set.
 */
function budgetsReport({ sizes, load, quiet, quietUnthrottled, trigger, themeTrigger, firstGzip }) {
  const met = (ok) => (ok ? 'met' : '**not met**');
  const ratio = (a, b) => a / b;
  const rows = [
    ['first view, bytes fetched for the widget before any campaign shows', `≤ 1.00× the peer stack (${kb(sizes.peers.gzip)})`,
      `${kb(firstGzip)}, ${ratio(firstGzip, sizes.peers.gzip).toFixed(2)}×`, firstGzip <= sizes.peers.gzip],
    ['the widget\'s own main-thread time while loading', '≤ 0.70× the peer stack\'s',
      `${load.doorman.widgetMs.toFixed(1)} ms, ${ratio(load.doorman.widgetMs, load.peers.widgetMs).toFixed(2)}×`,
      load.doorman.widgetMs <= 0.7 * load.peers.widgetMs],
    ['long tasks the widget caused while loading (worst load)', '0', `${load.doorman.widgetLongTasks}`, load.doorman.widgetLongTasks === 0],
    ['view with nothing to show: WebAssembly fetched', '0 B', `${quiet.doorman.wasmBytes} B`, quiet.doorman.wasmBytes === 0],
    ['view with nothing to show: the widget\'s own main-thread time', '≤ 1 ms',
      `${quiet.doorman.widgetMs.toFixed(2)} ms (${quietUnthrottled.doorman.widgetMs.toFixed(2)} ms without throttling; one read of localStorage alone: ${quiet.floor.widgetMs.toFixed(2)} ms; `
        + `${quiet['doorman-theme-storage'].widgetMs.toFixed(2)} ms where the theme read localStorage first)`, quiet.doorman.widgetMs <= 1],
    ['trigger → visible dialog, nothing cached (median)', '≤ 100 ms', `${trigger.median.toFixed(1)} ms (worst ${trigger.worst.toFixed(1)} ms)`, trigger.median <= 100],
    [`the same on a theme-sized page (${themeTrigger.elements.toLocaleString('en')} elements)`, '≤ 100 ms',
      `${themeTrigger.median.toFixed(1)} ms (worst ${themeTrigger.worst.toFixed(1)} ms)`, themeTrigger.median <= 100],
    ['all campaigns together (loader + glue + wasm, gzip -9)', '< 68.0 KB', kb(sizes.doorman.gzip), sizes.doorman.gzip < 68 * 1024],
  ];
  return ['## Page-view budgets', '', `At ${THROTTLE}× CPU throttling, from this run.`, '',
    '| budget | target | measured | |', '|---|---|---:|---|',
    ...rows.map(([name, target, measured, ok]) => `| ${name} | ${target} | ${measured} | ${met(ok)} |`)].join('\n');
}

async function lighthouseScores(shop) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const scores = {};
    for (const variant of ['bare', 'doorman', 'peers']) {
      const runs = [];
      for (let i = 0; i < LIGHTHOUSE_RUNS; i += 1) {
        const result = await lighthouse(`${shop.url}/fixtures/${variant}.html`,
          { port: chrome.port, onlyCategories: ['performance'], output: 'json', logLevel: 'error' });
        runs.push(Math.round(result.lhr.categories.performance.score * 100));
      }
      scores[variant] = median(runs);
    }
    return scores;
  } finally {
    await chrome.kill();
  }
}

/** Memory after a whole welcome session: show, sign up, code revealed. */
async function sessionMemory(browser, shop) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    // Keep a handle on Doorman's wasm memory, which its loader keeps private, whichever way the
    // module is instantiated (from bytes, a compiled module or a stream).
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const instantiate = WebAssembly[name];
      WebAssembly[name] = async (...args) => {
        const result = await instantiate(...args);
        const instance = result instanceof WebAssembly.Instance ? result : result.instance;
        // The build shortens export names, so find the memory by what it is.
        window.__doormanMemory = Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory);
        return result;
      };
    }
  });
  await page.goto(`${shop.url}/`);
  const dialog = page.locator('doorman-widget [role=dialog]');
  await dialog.waitFor({ timeout: 15_000 });
  await dialog.locator('input[type=email]').fill('bench@example.com');
  await dialog.locator('input[type=checkbox]').check();
  await dialog.locator('button[type=submit]').click();
  await dialog.locator('output.code').waitFor();
  await page.waitForTimeout(500);
  const wasmBytes = await page.evaluate(() => window.__doormanMemory?.buffer.byteLength ?? 0);
  await context.close();
  return { wasmBytes };
}

/** Records frame intervals from now on; `window.__frames()` stops and returns them. */
const FRAME_RECORDER = () => {
  const intervals = [];
  let last = performance.now();
  let running = true;
  const tick = (now) => {
    intervals.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__frames = () => { running = false; return intervals; };
};

/** Frames that missed their 60 Hz slot: each interval over 1.5 frames counts the frames it skipped. */
const droppedFrames = (intervals) => intervals.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / 16.7) - 1), 0);

async function throttledPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  return page;
}

async function doormanGame(browser, shop, fixture, email) {
  const page = await throttledPage(browser);
  await page.goto(`${shop.url}/fixtures/${fixture}.html`);
  const dialog = page.locator('doorman-widget [role=dialog]');
  await dialog.waitFor({ timeout: 15_000 });
  await dialog.locator('input[type=email]').fill(email);
  await dialog.locator('input[type=checkbox]').check();
  await dialog.locator('button[type=submit]').click();
  await dialog.locator('.play-button').waitFor();
  return { page, dialog };
}

/** Frames dropped while the wheel spins, Doorman's and spin-wheel's, at 4x throttling. */
async function wheelFrames(browser, shop) {
  const doorman = await doormanGame(browser, shop, 'wheel', 'bench-wheel@example.com');
  await doorman.page.evaluate(FRAME_RECORDER);
  await doorman.dialog.locator('.play-button').click();
  await doorman.dialog.locator('.result:not([hidden])').waitFor({ timeout: 30_000 });
  const ours = await doorman.page.evaluate(() => window.__frames());
  await doorman.page.context().close();

  const peer = await throttledPage(browser);
  await peer.goto(`${shop.url}/fixtures/peer-games.html`);
  const theirs = await peer.evaluate(async (spinMs) => {
    const wheel = new window.spinWheel.Wheel(document.querySelector('#wheel'), {
      items: ['10% off', 'Free shipping', '5% off', 'No luck this time'].map((label) => ({ label })),
    });
    const intervals = [];
    let last = performance.now();
    let running = true;
    const tick = (now) => { intervals.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    wheel.spinToItem(2, spinMs, true, 5, 1);
    await new Promise((resolve) => setTimeout(resolve, spinMs + 200));
    running = false;
    return intervals;
  }, 4_500);
  await peer.context().close();
  return { doorman: { frames: ours.length, dropped: droppedFrames(ours) }, peers: { frames: theirs.length, dropped: droppedFrames(theirs) } };
}

/** Main-thread time per pointer move while scratching, Doorman's card and scratchcard-js's. */
async function scratchMoves(browser, shop) {
  const MOVES = 200;
  const doorman = await doormanGame(browser, shop, 'scratch', 'bench-scratch@example.com');
  const ours = await doorman.dialog.locator('canvas.scratch').evaluate((canvas, moves) => {
    const box = canvas.getBoundingClientRect();
    const at = (i) => ({ clientX: box.left + 10 + ((i * 7) % (box.width - 20)), clientY: box.top + 20 + ((i * 3) % 10), pointerId: 1, bubbles: true });
    canvas.dispatchEvent(new PointerEvent('pointerdown', at(0)));
    const started = performance.now();
    // Small steps along one band, so the card stays below its reveal threshold throughout.
    for (let i = 1; i <= moves; i += 1) canvas.dispatchEvent(new PointerEvent('pointermove', at(i)));
    return (performance.now() - started) / moves;
  }, MOVES);
  await doorman.page.context().close();

  const peer = await throttledPage(browser);
  await peer.goto(`${shop.url}/fixtures/peer-games.html`);
  const theirs = await peer.evaluate(async (moves) => {
    const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const card = new window.ScratchCard('#scratch', {
      scratchType: window.SCRATCH_TYPE.CIRCLE, containerWidth: 280, containerHeight: 140,
      imageForwardSrc: pixel, imageBackgroundSrc: pixel, htmlBackground: '<p>5% off</p>', clearZoneRadius: 20, percentToFinish: 50,
    });
    await card.init();
    const canvas = document.querySelector('#scratch canvas');
    const box = canvas.getBoundingClientRect();
    const at = (i) => ({ clientX: box.left + 10 + ((i * 7) % (box.width - 20)), clientY: box.top + 20 + ((i * 3) % 10), bubbles: true });
    canvas.dispatchEvent(new MouseEvent('mousedown', at(0)));
    const started = performance.now();
    for (let i = 1; i <= moves; i += 1) canvas.dispatchEvent(new MouseEvent('mousemove', at(i)));
    return (performance.now() - started) / moves;
  }, MOVES);
  await peer.context().close();
  return { doorman: ours, peers: theirs };
}

const LIST_ROWS = 100_000;
const LIST_READS = 30;

/** The inbox's list at LIST_ROWS sign-ups (each with one delivery attempt), read at least
 * LIST_READS times (alternately the newest page of 100 and a page 50,000 rows deep) and on until
 * 10 sign-ups have arrived over HTTP meanwhile; each read and each sign-up is timed from the
 * client. Sign-ups are sent one every 200 ms, 25 at most, inside the shop's per-client rate limit. */
async function listLatency() {
  const listShop = await startShop();
  try {
    listShop.query(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${LIST_ROWS})
      INSERT INTO signups (id, shop, campaign, email, consent_given, offer_label, page, locale, timestamp, report)
        SELECT printf('%08x-0000-4000-8000-%012x', i, i), 'bench', 'welcome', 'bench' || i || '@example.com', 0,
               '15% off', 'http://bench.example/', 'en', '2026-11-23T10:00:00.000Z', '{}' FROM n;
      INSERT INTO attempts (signup_id, status) SELECT id, 201 FROM signups;`);
    const timed = async (work) => {
      const start = performance.now();
      const result = await work();
      return [performance.now() - start, result];
    };
    const reads = { newest: [], deep: [] };
    const arrivals = [];
    let reading = true;
    const arriving = (async () => {
      for (let n = 0; reading && n < 25; n += 1) {
        const body = JSON.stringify({
          id: crypto.randomUUID(), shop: 'bench', campaign: 'welcome', email: `arriving${n}@example.com`,
          consent: { given: false, text: null }, offer: { label: '15% off', code: null }, page: `${listShop.url}/`,
          locale: 'en', timestamp: new Date().toISOString(), cart: null, restore_url: null, prize: null,
        });
        const [ms, status] = await timed(() => fetch(`${listShop.url}/apps/doorman/signups`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.status));
        if (status !== 201) throw new Error(`a sign-up during the list benchmark got ${status}`);
        arrivals.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    // At least LIST_READS reads, and on until 10 sign-ups have arrived during them.
    for (let i = 0; i < LIST_READS || arrivals.length < 10; i += 1) {
      const deep = i % 2 === 1;
      const query = deep ? `?before=${LIST_ROWS / 2}` : '';
      const [ms, page] = await timed(() => fetch(`${listShop.url}/apps/doorman/signups${query}`).then((r) => r.json()));
      if (page.signups?.length !== 100 || !(page.total >= LIST_ROWS)) throw new Error(`unexpected list page: ${JSON.stringify(page).slice(0, 200)}`);
      reads[deep ? 'deep' : 'newest'].push(ms);
    }
    reading = false;
    await arriving;
    const worst = (values) => Math.max(...values);
    return {
      newest: { median: median(reads.newest), worst: worst(reads.newest), n: reads.newest.length },
      deep: { median: median(reads.deep), worst: worst(reads.deep), n: reads.deep.length },
      arrivals: { median: median(arrivals), worst: worst(arrivals), n: arrivals.length },
    };
  } finally {
    listShop.stop();
  }
}

function listReport(list) {
  const ms = (v) => `${v.toFixed(1)} ms`;
  return [
    `## The preview shop's sign-up list (${LIST_ROWS.toLocaleString('en')} sign-ups, while sign-ups arrive)`, '',
    'Timed from the client, debug build of the preview shop; reported, never asserted.', '',
    '| request | median | worst | requests |', '|---|---:|---:|---:|',
    `| \`GET /apps/doorman/signups\` (newest 100) | ${ms(list.newest.median)} | ${ms(list.newest.worst)} | ${list.newest.n} |`,
    `| \`GET /apps/doorman/signups?before=${LIST_ROWS / 2}\` (100, half-way down) | ${ms(list.deep.median)} | ${ms(list.deep.worst)} | ${list.deep.n} |`,
    `| \`POST /apps/doorman/signups\` sent meanwhile | ${ms(list.arrivals.median)} | ${ms(list.arrivals.worst)} | ${list.arrivals.n} |`,
  ].join('\n');
}

function machine() {
  const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  return `${cpus()[0].model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${chromium}; Node.js ${process.version}`;
}

function report({ sizes, load, scores, memory, wheel, scratch, list, views }) {
  const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : 'n/a');
  const delta = (v) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} ms`;
  const lines = [];
  lines.push('## Transfer size (minified, per file and total)', '');
  lines.push('| file | raw | gzip -9 | brotli -11 |', '|---|---:|---:|---:|');
  for (const row of sizes.rows) lines.push(`| ${row.name} | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.brotli)} |`);
  lines.push(`| **Doorman, loader + wasm** | ${kb(sizes.doorman.raw)} | ${kb(sizes.doorman.gzip)} | ${kb(sizes.doorman.brotli)} |`);
  lines.push(`| **peer stack, four libraries** | ${kb(sizes.peers.raw)} | ${kb(sizes.peers.gzip)} | ${kb(sizes.peers.brotli)} |`);
  lines.push(`| **Doorman ÷ peers** | ${ratio(sizes.doorman.raw, sizes.peers.raw)} | ${ratio(sizes.doorman.gzip, sizes.peers.gzip)} | ${ratio(sizes.doorman.brotli, sizes.peers.brotli)} |`);
  lines.push('', `## Loading the demo storefront (median of ${LOADS} loads each, ${THROTTLE}× CPU throttling)`, '');
  lines.push('| page | widget\'s own main-thread time (traced) | long tasks it caused (> 50 ms, worst load) | page task time over the bare page | script time over the bare page | long tasks on the page (worst load) | CLS (worst load) | Lighthouse performance |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [variant, label] of [['bare', 'bare storefront'], ['doorman', 'with Doorman'], ['peers', 'with the peer stack']]) {
    const v = load[variant];
    lines.push(`| ${label} | ${v.widgetMs.toFixed(1)} ms | ${v.widgetLongTasks} | ${delta(v.taskMs - load.bare.taskMs)} | ${delta(v.scriptMs - load.bare.scriptMs)} | ${v.longTasks} | ${v.cls.toFixed(3)} | ${scores?.[variant] ?? 'not run'} |`);
  }
  lines.push('', `Doorman's own main-thread time while loading is ${ratio(load.doorman.widgetMs, load.peers.widgetMs)} the peer stack's `
    + `(traced: the self time of events run for the widget's scripts, and all WebAssembly work); the page-wide `
    + `delta over the bare page, which the page's own noise also moves, is ${ratio(load.doorman.taskMs - load.bare.taskMs, load.peers.taskMs - load.bare.taskMs)}. `
    + `Of Doorman's own time, ${load.doorman.compileMs.toFixed(1)} ms is WebAssembly's lazy compilation: V8 compiles each function `
    + `on the main thread when it is first called, and this view called ${load.doorman.compiled} (medians).`);
  lines.push('', views);
  lines.push('', '## Interactive parts', '');
  lines.push(`At ${THROTTLE}× CPU throttling; the peers are spin-wheel and scratchcard-js doing the same.`, '');
  lines.push('| measure | Doorman | peers | Doorman ÷ peers |', '|---|---:|---:|---:|');
  lines.push(`| frames dropped during a 4.5 s wheel spin (frames drawn) | ${wheel.doorman.dropped} (${wheel.doorman.frames}) | ${wheel.peers.dropped} (${wheel.peers.frames}) | ${ratio(wheel.doorman.dropped + 1, wheel.peers.dropped + 1)} (+1 smoothed) |`);
  lines.push(`| main-thread time per pointer move while scratching | ${scratch.doorman.toFixed(3)} ms | ${scratch.peers.toFixed(3)} ms | ${ratio(scratch.doorman, scratch.peers)} |`);
  lines.push(`| wasm memory after a welcome session (shown, signed up, code revealed) | ${kb(memory.wasmBytes)} | — | — |`);
  lines.push('', listReport(list));
  return lines.join('\n');
}

if (process.env.BENCH_ONLY === 'views') {
  const sizes = transferSizes();
  writePages();
  const shop = await startShop({ fixtures: PAGES });
  const browser = await launchBrowser();
  try {
    const widgets = { doorman: isDoorman };
    const first = await loadOnce(browser, `${shop.url}/fixtures/doorman.html`, widgets.doorman);
    const quiet = await quietView(browser, shop);
    const quietUnthrottled = await quietView(browser, shop, 1);
    const trigger = await triggerToDialog(browser, shop);
    const themeTrigger = await triggerToDialog(browser, shop, 'doorman-scroll-theme.html');
    const pacedTrigger = await triggerToDialog(browser, shop, 'doorman-scroll-theme.html', { paced: true });
    console.log(viewsReport({ first, quiet, quietUnthrottled, trigger, themeTrigger, pacedTrigger, peersGzip: sizes.peers.gzip }));
  } finally {
    await browser.close();
    shop.stop();
  }
  process.exit(0);
}

if (process.env.BENCH_ONLY === 'list') {
  console.log(listReport(await listLatency()));
  process.exit(0);
}

const sizes = transferSizes();
writePages();
const shop = await startShop({ fixtures: PAGES });
const browser = await launchBrowser();
try {
  const load = await mainThread(browser, shop);
  const quiet = await quietView(browser, shop);
  const quietUnthrottled = await quietView(browser, shop, 1);
  const trigger = await triggerToDialog(browser, shop);
  const themeTrigger = await triggerToDialog(browser, shop, 'doorman-scroll-theme.html');
  const pacedTrigger = await triggerToDialog(browser, shop, 'doorman-scroll-theme.html', { paced: true });
  const views = viewsReport({ first: { fetched: load.doorman.fetched }, quiet, quietUnthrottled, trigger, themeTrigger, pacedTrigger, peersGzip: sizes.peers.gzip });
  const budgets = budgetsReport({ sizes, load, quiet, quietUnthrottled, trigger, themeTrigger, firstGzip: fetchedGzip(load.doorman.fetched) });
  const memory = await sessionMemory(browser, shop);
  const wheel = await wheelFrames(browser, shop);
  const scratch = await scratchMoves(browser, shop);
  const scores = process.env.BENCH_SKIP_LIGHTHOUSE ? null : await lighthouseScores(shop);
  const list = await listLatency();
  const table = `${budgets}\n\n${report({ sizes, load, scores, memory, wheel, scratch, list, views })}`;
  console.log(table);
  const header = [
    '# Benchmarks', '',
    'Produced by `make bench` (`node tests/bench/run.mjs` after a release build); every figure below',
    'comes from one run on the machine named here. Re-run it rather than editing this file.', '',
    `- Machine: ${machine()}`,
    `- Date: ${new Date().toISOString().slice(0, 10)}`, '',
  ].join('\n');
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), `${header}\n${table}\n`);
} finally {
  await browser.close();
  shop.stop();
}
