// Test harness: a real preview shop on a free port with its own SQLite file, and Debian's
// Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const ARTIFACTS = join(ROOT, 'tests/artifacts');

/** Starts `doorman-shop` on a free port; resolves once it prints its URL. `origins` are the
 * storefronts besides the shop itself whose restore links it accepts (the other-platform
 * fixture's shop.example). */
export async function startShop({ fixtures = 'tests/fixtures', origins = ['https://shop.example'] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'doorman-shop-'));
  const db = join(dir, 'shop.sqlite');
  const child = spawn(join(ROOT, 'target/debug/doorman-shop'),
    ['--port', '0', '--db', db, '--www', 'www', '--dist', 'dist', '--fixtures', fixtures],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DOORMAN_SHOP_ORIGINS: origins.join(' ') } });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/Preview shop: (http:\/\/\S+?)\//);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`doorman-shop exited with ${code}: ${output}`)));
  });
  return {
    url,
    db,
    /** Rows of a query against the shop's own SQLite file. */
    query(sql) {
      const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' }).trim();
      return out ? JSON.parse(out) : [];
    },
    /** The query's rows once there are any (deliveries are asynchronous), or [] after 10 s. */
    async rows(sql) {
      for (let tries = 0; tries < 100; tries += 1) {
        const rows = this.query(sql);
        if (rows.length) return rows;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return [];
    },
    stop() { child.kill(); },
  };
}

/** Headless Chromium. Its scrollbars are hidden, as Playwright launches it, unless `scrollbars`:
 * then a long page has a classic scrollbar that takes room from the layout, as on a desktop. */
export function launchBrowser({ scrollbars = false } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    ignoreDefaultArgs: scrollbars ? ['--hide-scrollbars'] : [],
  });
}

/** A page that records console messages and uncaught errors, which no test may leave behind. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.consoleMessages = [];
  page.pageErrors = [];
  page.on('console', (message) => page.consoleMessages.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => page.pageErrors.push(String(error)));
  return page;
}

export function screenshotPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, `${name}.png`);
}

/** One preview shop and one browser per test file: started before its tests, stopped after.
 * `options` go to `startShop`. */
export function useShop(options) {
  const env = {};
  before(async () => {
    env.shop = await startShop(options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.shop?.stop();
  });
  return env;
}

export const dialog = (page) => page.locator('doorman-widget [role=dialog]');

/** Waits until the widget has armed its campaigns: it writes the loader's record (src/quiet.rs)
 * in the same task as it starts listening for the triggers. */
export const armed = (page) => page.waitForFunction(() => localStorage.getItem('doorman:quiet') !== null);

/** Opens `path` of the shop in a fresh browser context and waits for Doorman's dialog. */
export async function openDialog(env, path, options = {}) {
  const page = await openPage(env.browser, options);
  await page.goto(`${env.shop.url}${path}`);
  await dialog(page).waitFor();
  return page;
}

/** The class of the element that has focus, inside open shadow roots too (`document.activeElement`
 * names only the outermost shadow host). */
export const focusedClass = (page) => page.evaluate(() => {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element?.className;
});

/** The pointer leaves the window through its top edge, as a shopper heading for the tab bar. */
export async function leaveThroughTheTop(page) {
  await page.mouse.move(400, 200);
  await page.mouse.move(400, 5);
  await page.mouse.move(400, -30);
}

/**
 * A real finger on the touch screen, through the DevTools protocol: down at (`x`, `fromY`), moved
 * in `steps` to `toY`, lifted. A finger moving up scrolls the page down.
 */
export async function swipe(page, { x = 195, fromY, toY, steps = 8 }) {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: y === undefined ? [] : [{ x, y }] });
  await touch('touchStart', fromY);
  for (let step = 1; step <= steps; step += 1) await touch('touchMove', fromY + ((toY - fromY) * step) / steps);
  await touch('touchEnd');
  await cdp.detach();
}

/** A shopper's finger on a phone (at least 800 px tall): two unhurried swipes down the page, a
 * pause, then a quick flick back up covering nearly the whole screen in two moves, quick enough
 * (over 1.5 px/ms) and far enough (into the top third) even when a busy machine delivers the touches
 * slowly and leaves no fling behind. `before` runs in the pause. */
export async function scrollDownThenFlickUp(page, { before } = {}) {
  for (let i = 0; i < 2; i += 1) await swipe(page, { fromY: 600, toY: 200, steps: 40 });
  const y = await settledScroll(page);
  if (y < 700) throw new Error(`two swipes scrolled down only ${y} px`);
  await page.waitForTimeout(400);
  if (before) await before();
  await swipe(page, { fromY: 40, toY: 790, steps: 2 });
}

/** Waits until the page's scroll position stops changing (a fling or smooth scroll settled). */
export async function settledScroll(page) {
  let last = -1;
  for (let tries = 0; tries < 50; tries += 1) {
    const y = await page.evaluate(() => window.scrollY);
    if (y === last) return y;
    last = y;
    await page.waitForTimeout(150);
  }
  return last;
}

/** A page on another site: a second preview shop on another port (so same-site, another
 * origin) showing a blank page. Resolves to `{ page, url, stop() }`. */
export async function openOtherOrigin(env) {
  const dir = mkdtempSync(join(tmpdir(), 'doorman-other-origin-'));
  writeFileSync(join(dir, 'other.html'), '<!doctype html><title>Another site</title><p>Another site</p>');
  const other = await startShop({ fixtures: dir });
  const page = await openPage(env.browser);
  await page.goto(`${other.url}/fixtures/other.html`);
  return { page, url: other.url, stop: () => other.stop() };
}

/** Polls `check` until it returns something truthy, and returns that; throws after `timeout` ms. */
export async function waitFor(check, { timeout = 15_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${check}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
