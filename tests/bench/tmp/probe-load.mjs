import { startShop, launchBrowser, ROOT } from '../../e2e/shop.mjs';
import { join } from 'node:path';
const PAGES = join(ROOT, 'target/bench/pages');
const shop = await startShop({ fixtures: PAGES });
const browser = await launchBrowser();
const isDoorman = (url) => /\/doorman\/doorman(\.|-glue\.|-views\.)/.test(url);
const eventUrl = (e) => e.args?.data?.url || e.args?.data?.stackTrace?.[0]?.url || e.args?.data?.scriptName || e.args?.fileName || '';
const CATS = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.compile', 'v8.wasm'].join(',');
try {
  for (let i = 0; i < +(process.argv[2] ?? 4); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { categories: CATS, transferMode: 'ReportEvents' });
    await page.goto(`${shop.url}/fixtures/doorman.html`, { waitUntil: 'load' });
    await page.waitForTimeout(2500);
    await cdp.send('Tracing.end'); await traced;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const on = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur > 0).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const tops = []; let cur = null;
    for (const e of on) { if (!cur || e.ts >= cur.ts + cur.dur) { cur = { ...e, kids: [] }; tops.push(cur); } else cur.kids.push(e); }
    const rows = [];
    for (const t of tops) {
      const w = t.kids.some((k) => k.name.startsWith('wasm.') || k.name.startsWith('v8.wasm.') || isDoorman(eventUrl(k)));
      if (!w || t.dur < 8000) continue;
      const sum = (n) => t.kids.filter((k) => k.name === n).reduce((s, k) => s + k.dur, 0) / 1000;
      const cnt = (n) => t.kids.filter((k) => k.name === n).length;
      const names = [...new Set(t.kids.filter((k) => k.name === 'FunctionCall' || k.name === 'EvaluateScript' || k.name === 'TimerFire' || k.name === 'FireIdleCallback' || k.name.startsWith('v8.wasm') || k.name.startsWith('wasm.')).map((k) => k.name + (eventUrl(k) ? '@' + eventUrl(k).split('/').pop() : '')))].slice(0, 8);
      rows.push(`${(t.dur / 1000).toFixed(1).padStart(6)} ms  lazy ${sum('wasm.CompileLazy').toFixed(1)} ms/${cnt('wasm.CompileLazy')} flush ${sum('FlushInstructionCache')?.toFixed?.(1)} | ${names.join(', ')}`);
    }
    console.log(`load ${i}\n${rows.join('\n')}`);
    await context.close();
  }
} finally { await browser.close(); await shop.close?.(); }
process.exit(0);
