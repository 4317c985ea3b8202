// End to end: a page view where nothing can show fetches and compiles no WebAssembly, and every
// reason to load (a changed tag, unusable storage, something waiting to be sent, a cap that
// ends, the page's own call) still loads the widget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openPage, useShop } from './shop.mjs';

const env = useShop();

const NEVER = '18446744073709551615';

/** Records, from the very start of every page view, every fetch of doorman.wasm and every
 * WebAssembly compile or instantiate call, in the page; and every request for it and for the
 * wasm's glue (doorman-glue.js), in the network. */
async function watchWasm(page) {
  await page.addInitScript(() => {
    window.wasmSeen = [];
    const fetch = window.fetch;
    window.fetch = function (input, ...rest) {
      if (String(input instanceof Request ? input.url : input).includes('doorman.wasm')) window.wasmSeen.push('fetch');
      return fetch.call(this, input, ...rest);
    };
    // Every later task the loader asks for: a view with nothing to show should need none.
    window.loaderTasks = [];
    for (const name of ['addEventListener', 'requestIdleCallback', 'setTimeout']) {
      const original = window[name];
      window[name] = function (...args) {
        if (/\/doorman\.js/.test(new Error().stack)) window.loaderTasks.push(name === 'addEventListener' ? `${name} ${args[0]}` : name);
        return original.apply(this, args);
      };
    }
    for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
      const original = WebAssembly[name];
      WebAssembly[name] = function (...args) {
        window.wasmSeen.push(name);
        return original.apply(this, args);
      };
    }
  });
  page.wasmRequests = [];
  page.glueRequests = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.endsWith('doorman.wasm')) page.wasmRequests.push(request.url());
    if (pathname.endsWith('doorman-glue.js')) page.glueRequests.push(request.url());
  });
}

/** Resolves once the page has loaded and the main thread has been idle twice: the loader weighs
 * the page view as it runs, and a load it decides on starts in an idle callback after the load
 * event (idle callbacks run in the order they were asked for). */
const weighed = (page) => page.evaluate(() => new Promise((resolve) => {
  const twice = () => requestIdleCallback(() => requestIdleCallback(resolve));
  if (document.readyState === 'complete') twice(); else addEventListener('load', twice, { once: true });
}));

const record = (page) => page.evaluate(() => localStorage.getItem('doorman:quiet'));

async function waitFor(check, what, { timeout = 15_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The record once it says nothing waits and nothing shows before `earliest` (a pattern). */
const quietRecord = (page, earliest = NEVER, options = {}) => {
  let last;
  return waitFor(async () => {
    const text = last = await record(page);
    return text && new RegExp(`^1\\|${earliest}\\|0\\|[0-9a-z]+$`).test(text) && text;
  }, `a quiet record (${earliest}), the last one read being ${last}`, options).catch((error) => {
    throw new Error(`${error.message.replace(/ being .*$/, '')} being ${last}`);
  });
};

/** The sign-up of `email` once it is in the shop's database, where it must be once. */
async function stored(email, what = `${email} in the shop`) {
  const rows = () => env.shop.rows(`SELECT email FROM signups WHERE email = '${email}'`);
  await waitFor(async () => (await rows()).length > 0, what);
  assert.equal((await rows()).length, 1, `${email} stored once`);
}

async function signUp(page, email) {
  await dialog(page).locator('input[type=email]').fill(email);
  await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
}

/** A page whose visitor signed up on the welcome fixture, the sign-up delivered to the shop.
 * `prepare(page)` runs first (a page's own scripts, as init scripts). */
async function signedUpPage(email, prepare = async () => {}) {
  const page = await openPage(env.browser);
  await prepare(page);
  await watchWasm(page);
  await page.goto(`${env.shop.url}/fixtures/quiet.html`);
  await dialog(page).waitFor();
  assert.ok((await page.evaluate(() => window.wasmSeen)).includes('fetch'), 'the first view loads the widget (and the watch sees it)');
  await signUp(page, email);
  await stored(email);
  await quietRecord(page);
  return page;
}

/** Opens `path` in the same browser context: a later page view of the same visitor. */
/** Serves `path` to `page` as the shop sends it, with `edit(text)` applied: a merchant's change of
 * the tag, or of the loader. */
const rewrite = (page, path, edit) => page.route((url) => url.pathname === path, async (route) => {
  const response = await route.fetch();
  route.fulfill({ response, body: edit(await response.text()) });
});

/** Serves the quiet fixture with `edit(text)` applied at its own path and, as another page of the
 * same shop with the same tag, at /fixtures/elsewhere.html. */
async function twoPages(page, edit) {
  await rewrite(page, '/fixtures/quiet.html', edit);
  await page.route((url) => url.pathname === '/fixtures/elsewhere.html', async (route) => {
    const response = await route.fetch({ url: `${env.shop.url}/fixtures/quiet.html` });
    route.fulfill({ response, body: edit(await response.text()) });
  });
}

async function visit(page, path = '/fixtures/quiet.html') {
  page.wasmRequests.length = 0;
  page.glueRequests.length = 0;
  await page.goto(`${env.shop.url}${path}`);
}

/** `tasks`: what the loader asks for after its script ran: one idle moment to weigh the page view
 * in, and the one timer for a cap that ends in this view. */
async function assertQuiet(page, { tasks = ['requestIdleCallback'] } = {}) {
  await weighed(page);
  assert.deepEqual(await page.evaluate(() => window.wasmSeen), [], 'no wasm fetched or compiled');
  assert.deepEqual(page.wasmRequests, [], 'no request for doorman.wasm');
  assert.deepEqual(page.glueRequests, [], 'no request for the glue either: the loader alone runs');
  assert.deepEqual(await page.evaluate(() => window.loaderTasks), tasks, 'one idle callback to weigh the view in, and no load listener after it');
  assert.equal(await page.locator('script[src*="doorman-glue"]').count(), 0);
  assert.equal(await page.evaluate(() => typeof window.Doorman?.preview), 'function', 'the API is there');
  assert.equal(await page.locator('doorman-widget').count(), 0);
}

const loads = (page) => waitFor(() => page.evaluate(() => window.wasmSeen.includes('instantiateStreaming') || window.wasmSeen.includes('instantiate')), 'the wasm to load');

function assertClean(page) {
  assert.deepEqual(page.pageErrors, [], 'nothing may throw into the host page');
  assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'error' || m.type === 'warning'), [], 'no console warnings or errors');
}

test('after a sign-up was delivered, the next page views compile no WebAssembly, and preview still opens the dialog', async () => {
  const page = await signedUpPage('quiet@example.com');
  await visit(page);
  await assertQuiet(page);
  await visit(page, '/fixtures/quiet.html?another=page');
  await assertQuiet(page);
  // Handing over the cart changes nothing that could show: it is kept for a widget loaded later.
  await page.evaluate(() => window.Doorman.setCart([{ id: 1, quantity: 1, title: 'Mug', price: 1200 }]));
  await weighed(page);
  assert.deepEqual(await page.evaluate(() => window.wasmSeen), [], 'setCart loads nothing');
  assert.equal(await page.evaluate(() => window.Doorman.cart.length), 1);

  await page.evaluate(() => window.Doorman.preview('welcome'));
  await dialog(page).waitFor();
  assert.ok(page.wasmRequests.length >= 1, 'preview loaded the widget on demand');
  assert.ok(page.glueRequests.length >= 1, 'and its glue with it');
  assertClean(page);
  await page.context().close();
});

test('restart on a quiet page loads the widget with the tag as it is now, and resolves to whether it runs', async () => {
  const page = await signedUpPage('restart@example.com');
  await visit(page);
  await assertQuiet(page);
  const restarted = await page.evaluate(() => {
    document.querySelector('script[data-shop]').setAttribute('data-shop', 'another-shop');
    return window.Doorman.restart();
  });
  assert.equal(restarted, true);
  await loads(page);
  await waitFor(async () => (await record(page))?.startsWith(`1|${NEVER}|0|`), 'the record of the new tag');
  assert.equal(await page.evaluate(() => window.Doorman.restart()), true, 'a restart of the loaded widget');
  await page.context().close();
});

test('restart on a quiet page whose addEventListener throws resolves to false, once the widget stopped', async () => {
  // The widget stops as it arms its campaigns, two tasks after it started: the restart resolves
  // only then.
  const page = await signedUpPage('restart-stopped@example.com');
  await visit(page);
  await assertQuiet(page);
  const stopped = await page.evaluate(() => {
    // The page's own, and this test's watch of the loader (see watchWasm), which wraps window's.
    window.addEventListener = EventTarget.prototype.addEventListener = function broken() { throw new TypeError('addEventListener is broken'); };
    return window.Doorman.restart();
  });
  assert.equal(stopped, false);
  assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text),
    ['Doorman stopped after the page\'s addEventListener threw TypeError: addEventListener is broken; the page is not affected. It starts again on the next page view.']);
  assert.equal(await page.locator('doorman-widget').count(), 0);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('after the visitor closed the popup, views within the cap are quiet and the cap ending in the page view loads it', async () => {
  const page = await openPage(env.browser);
  await watchWasm(page);
  // A cap of seconds, so that it ends while the test watches the page.
  const tag = (html) => html.replace('data-welcome-delay="600ms"', 'data-welcome-delay="0" data-welcome-cap="12s"');
  await rewrite(page, '/fixtures/quiet.html', tag);
  await page.goto(`${env.shop.url}/fixtures/quiet.html`);
  await dialog(page).waitFor();
  await page.keyboard.press('Escape');
  const text = await quietRecord(page, '\\d+');
  const earliest = Number(text.split('|')[1]);
  const closedAt = JSON.parse(await page.evaluate(() => localStorage.getItem('doorman:visitor'))).welcome_closed_at;
  assert.equal(earliest, closedAt + 12_000, 'the earliest moment is the end of the cap');

  await visit(page);
  const viewedAt = await page.evaluate(() => Date.now());
  assert.ok(viewedAt < earliest, 'this view is within the cap (the VM was not too slow for the test)');
  await assertQuiet(page, { tasks: ['requestIdleCallback', 'setTimeout'] });
  // The loader armed one timer for the end of the cap: the popup shows again in this view.
  await dialog(page).waitFor({ timeout: 40_000 });
  assert.ok(page.wasmRequests.length >= 1);
  assertClean(page);
  await page.context().close();
});

test('a tag for phones only is done on a desktop, with no sign-up or close, and the same visitor on a phone is weighed again and sees it', async () => {
  const page = await openPage(env.browser);
  await watchWasm(page);
  await rewrite(page, '/fixtures/quiet.html', (html) => html.replace('data-welcome-delay="600ms"', 'data-welcome-delay="0" data-devices="phone"'));
  await page.goto(`${env.shop.url}/fixtures/quiet.html`);
  await loads(page);
  await quietRecord(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('doorman:visitor')).then((text) => JSON.parse(text).welcome_closed_at ?? null), null, 'nothing was closed');
  await visit(page);
  await assertQuiet(page);
  await page.waitForTimeout(300);
  assert.equal(await dialog(page).count(), 0, 'no popup on a desktop');

  // The same browser storage as a phone: a touch screen, 390 px wide.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 390, height: 844, deviceScaleFactor: 2, mobile: true, screenWidth: 390, screenHeight: 844 });
  await visit(page);
  assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches && screen.width), 390, 'the page is a phone now');
  await dialog(page).waitFor();
  assert.ok(page.wasmRequests.length >= 1, 'the phone loads the widget');
  assertClean(page);
  await page.context().close();
});

test('a welcome popup for new visitors is done for a returning one, with no sign-up or close, while a new one sees it', async () => {
  const tag = (html) => html.replace('data-welcome-delay="600ms"', 'data-welcome-delay="0" data-welcome-visitors="new"');
  const returning = await openPage(env.browser);
  await watchWasm(returning);
  await rewrite(returning, '/fixtures/quiet.html', tag);
  // A visitor whose last page view was an hour ago: this view starts their second visit.
  await returning.goto(`${env.shop.url}/products.json`);
  await returning.evaluate(() => localStorage.setItem('doorman:visitor', JSON.stringify({ visits: 1, last_seen_at: Date.now() - 3_600_000 })));
  await returning.goto(`${env.shop.url}/fixtures/quiet.html`);
  await loads(returning);
  await quietRecord(returning);
  assert.equal(JSON.parse(await returning.evaluate(() => localStorage.getItem('doorman:visitor'))).visits, 2, 'a returning visitor');
  await visit(returning);
  await assertQuiet(returning);
  assert.equal(await dialog(returning).count(), 0);
  assertClean(returning);
  await returning.context().close();

  // A first page view of a new visitor shows it, and the record says something may show.
  const fresh = await openPage(env.browser);
  await rewrite(fresh, '/fixtures/quiet.html', tag);
  await fresh.goto(`${env.shop.url}/fixtures/quiet.html`);
  await dialog(fresh).waitFor();
  await waitFor(async () => /^1\|0\|0\|/.test(await record(fresh)), 'a record that says something may show, so the next view loads');
  await fresh.context().close();
});

test('a page the tag keeps every campaign off is quiet from its second view, while the page the popup is for still shows it', async () => {
  const page = await openPage(env.browser);
  await watchWasm(page);
  const tag = (html) => html.replace('data-welcome-delay="600ms"', 'data-welcome-delay="0" data-pages="/fixtures/quiet.html"');
  await twoPages(page, tag);
  await page.goto(`${env.shop.url}/fixtures/elsewhere.html`);
  await loads(page);
  await waitFor(async () => /^1\|0\|0\|[0-9a-z]+\|\/fixtures\/elsewhere\.html$/.test(await record(page)), 'a record that lists this page, where nothing can show, while the popup may show elsewhere');
  await visit(page, '/fixtures/elsewhere.html');
  await assertQuiet(page);
  await page.waitForTimeout(300);
  assert.equal(await dialog(page).count(), 0);

  await visit(page);
  await dialog(page).waitFor();
  assert.ok(page.wasmRequests.length >= 1, 'the popup\'s page loads the widget');
  assert.match(await record(page), /^1\|0\|0\|[0-9a-z]+\|\/fixtures\/elsewhere\.html$/, 'the popup\'s page is not listed');
  await visit(page, '/fixtures/elsewhere.html');
  await assertQuiet(page);
  assertClean(page);
  await page.context().close();
});

test('quiet views count towards the visit: a new visitor browsing quietly for over half an hour still sees a popup for new visitors (a merchant\'s trial)', async () => {
  const page = await openPage(env.browser);
  await watchWasm(page);
  const tag = (html) => html.replace('data-welcome-delay="600ms"', 'data-welcome-delay="0" data-welcome-visitors="new" data-pages="/fixtures/quiet.html"');
  await twoPages(page, tag);
  await page.goto(`${env.shop.url}/fixtures/elsewhere.html`);
  await loads(page);
  await waitFor(async () => /\|\/fixtures\/elsewhere\.html$/.test(await record(page)), 'a record that lists this page');
  const seen = () => page.evaluate(() => localStorage.getItem('doorman:seen'));
  assert.equal(await seen(), null);

  // Two quiet views: the loader notes the first, the last and the longest gap between them.
  await visit(page, '/fixtures/elsewhere.html');
  await assertQuiet(page);
  const [first] = (await seen()).split('|').map(Number);
  assert.match(await seen(), /^(\d+)\|\1\|0$/);
  await page.waitForTimeout(50);
  await visit(page, '/fixtures/elsewhere.html');
  await assertQuiet(page);
  const [again, last, gap] = (await seen()).split('|').map(Number);
  assert.ok(again === first && last > first && gap === last - first, `first|last|gap: ${await seen()}`);

  // As if the last loaded view was 35 minutes ago and the quiet ones 10: the same visit.
  await page.evaluate(() => {
    const now = Date.now();
    const visitor = JSON.parse(localStorage.getItem('doorman:visitor'));
    localStorage.setItem('doorman:visitor', JSON.stringify({ ...visitor, last_seen_at: now - 35 * 60_000 }));
    localStorage.setItem('doorman:seen', `${now - 12 * 60_000}|${now - 10 * 60_000}|${2 * 60_000}`);
  });
  await visit(page);
  await dialog(page).waitFor();
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('doorman:visitor'))).visits, 1, 'still the first visit');
  assert.equal(await seen(), null, 'the quiet views are counted once');
  assertClean(page);
  await page.context().close();
});

test('a changed tag attribute loads the widget again', async () => {
  const page = await signedUpPage('changed@example.com');
  const before = await record(page);
  await rewrite(page, '/fixtures/quiet.html', (html) => html.replace('data-welcome-code="WELCOME15"', 'data-welcome-code="WELCOME20"'));
  await page.goto(`${env.shop.url}/fixtures/quiet.html`);
  await loads(page);
  await waitFor(async () => (await record(page)) !== before || null, 'the record of the changed tag');
  assert.match(await record(page), new RegExp(`^1\\|${NEVER}\\|0\\|`), 'still nothing to show: signed up');
  // And the next view with that tag is quiet again.
  await visit(page);
  await assertQuiet(page);
  await page.context().close();
});

test('two edits of the tag that a word-wise hash let cancel out (a merchant\'s trial) load the widget again', async () => {
  const page = await signedUpPage('cancel@example.com');
  const before = await record(page);
  // Two letters' case, 16 bytes apart: FNV-1a's multiply over 32-bit words kept the hash.
  await rewrite(page, '/fixtures/quiet.html', (html) => html.replace('Yes, email me offers.', 'Yes, emAil me oFfers.'));
  await visit(page);
  await loads(page);
  await waitFor(async () => (await record(page)) !== before || null, 'the record of the changed tag');
  assertClean(page);
  await page.context().close();
});

test('a page whose Math.imul throws (a theme\'s override): the widget starts, says every view loads it, and does', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => { Math.imul = () => { throw new TypeError('Math.imul is blocked'); }; });
  await watchWasm(page);
  await page.goto(`${env.shop.url}/fixtures/quiet.html`);
  await dialog(page).waitFor();
  await signUp(page, 'imul@example.com');
  await stored('imul@example.com');
  assert.equal(await record(page), null, 'no record: the loader could not weigh one');
  await visit(page);
  await loads(page);
  await weighed(page);
  assert.deepEqual(page.pageErrors, [], 'nothing may throw into the host page');
  const warnings = page.consoleMessages.filter((m) => m.type === 'error' || m.type === 'warning').map((m) => m.text);
  assert.equal(warnings.length, 2, `one warning per page view: ${warnings.join(' / ')}`);
  for (const text of warnings) assert.match(text, /^Doorman: reading its tag threw TypeError: Math\.imul is blocked \(a page's override of a built-in\), so every page view loads the widget/);
  await page.context().close();
});

test('a tag whose values hold the record\'s separator, line breaks and other scripts: quiet while it stays, loads when any character changes; its codes stay out of storage', async () => {
  const page = await signedUpPage('separator@example.com');
  const before = await record(page);
  let consent = 'Yes | email me&#10;offers | news 🎁 优惠 پیشنهاد';
  await rewrite(page, '/fixtures/quiet.html', (html) => html.replace(/data-consent="[^"]*"/, `data-consent="${consent}"`));
  await visit(page);
  await loads(page);
  await waitFor(async () => (await record(page)) !== before || null, 'the record of the changed tag');
  const changed = await quietRecord(page);
  assert.ok(!changed.includes('WELCOME15') && !changed.includes('email me'), `the record holds a hash, not the tag: ${changed}`);
  await visit(page);
  await assertQuiet(page);
  // One character changes, after the last separator and in another script: the widget loads again.
  // And a value whose line break reads like a second attribute is not that attribute.
  for (const next of ['Yes | email me&#10;offers | news 🎁 优惠 پیشنهاد.', 'Yes | email me&#10;offers | news 🎁 优恵 پیشنهاد', 'ok&#10;data-exit=save-cart', 'ok" data-exit="save-cart']) {
    consent = next;
    const earlier = await record(page);
    await visit(page);
    await loads(page);
    await waitFor(async () => (await record(page)) !== earlier || null, `the record of ${next}`);
  }
  assertClean(page);
  await page.context().close();
});

test('a page whose TextEncoder answers an array or a view into a larger buffer (a polyfill): the widget starts, and the next view is quiet', async () => {
  const polyfills = {
    array: () => {
      const Native = TextEncoder;
      window.TextEncoder = class { encode(text) { return Array.from(new Native().encode(text)); } };
    },
    // Each answer a view into a buffer whose other bytes are random, as a pooled encoder's.
    view: () => {
      const Native = TextEncoder;
      window.TextEncoder = class {
        encode(text) {
          const bytes = new Native().encode(text);
          const pool = crypto.getRandomValues(new Uint8Array(bytes.length + 11));
          pool.set(bytes, 3);
          return pool.subarray(3, 3 + bytes.length);
        }
      };
    },
  };
  for (const [name, polyfill] of Object.entries(polyfills)) {
    const page = await signedUpPage(`encoder-${name}@example.com`, (page) => page.addInitScript(polyfill));
    await visit(page);
    await assertQuiet(page);
    assertClean(page);
    await page.context().close();
  }
});

test('a new release of the widget weighs the page view again', async () => {
  const page = await signedUpPage('release@example.com');
  const version = await page.evaluate(() => window.Doorman.version);
  await rewrite(page, '/doorman/doorman.js', (script) => script.replaceAll(`"${version}"`, `"${version}-next"`));
  await visit(page);
  await loads(page);
  assert.equal(await page.evaluate(() => window.Doorman.version), `${version}-next`);
  await page.context().close();
});

test('a record that is corrupt, of another version, or storage that throws or answers garbage: the widget loads', async () => {
  const page = await signedUpPage('storage@example.com');
  const quiet = await record(page);
  const [, earliest, waiting, tag] = quiet.split('|');
  const cases = [
    ['corrupt', 'x|y'],
    ['another version', `2|${earliest}|${waiting}|${tag}`],
    ['not a number', `1|soon|${waiting}|${tag}`],
    ['something waits', `1|${earliest}|1|${tag}`],
    ['another tag', `1|${earliest}|${waiting}|${tag}x`],
  ];
  for (const [name, value] of cases) {
    await page.evaluate((text) => localStorage.setItem('doorman:quiet', text), value);
    const seen = page.wasmRequests.length;
    await page.goto(`${env.shop.url}/fixtures/quiet.html`);
    await loads(page);
    assert.ok(page.wasmRequests.length > seen, name);
    // The widget that loaded writes the record again.
    await waitFor(async () => (await record(page)) === quiet, `the record rewritten after ${name}`);
  }

  // Storage that throws, then a getItem that answers something else: both load.
  const broken = [
    () => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } }),
    () => { Storage.prototype.getItem = () => '{"not":"a record"}'; },
  ];
  for (const breakage of broken) {
    const other = await openPage(env.browser);
    await watchWasm(other);
    await other.addInitScript(breakage);
    await other.goto(`${env.shop.url}/fixtures/quiet.html`);
    await loads(other);
    await dialog(other).waitFor();
    await other.context().close();
  }
  await page.context().close();
});

test('a sign-up still waiting in the outbox loads the widget, which delivers it; then the views are quiet', async () => {
  const tab = await openPage(env.browser);
  await tab.goto(`${env.shop.url}/fixtures/quiet.html`);
  await dialog(tab).waitFor();
  // The shop is unreachable (offline: the courier sends with keepalive, so that a closing tab
  // still sends, and the shop had the sign-up before the next view with a route that refused
  // the requests, in 6 of 6 runs with the page's route and 2 of 4 with the context's): the
  // sign-up stays in the outbox once its first attempt failed.
  await tab.context().setOffline(true);
  await signUp(tab, 'waiting@example.com');
  const outbox = () => tab.evaluate(() => localStorage.getItem('doorman:outbox'));
  await waitFor(async () => /"attempts":[1-9]/.test((await outbox()) ?? ''), 'a failed attempt in the outbox');
  await waitFor(async () => /^1\|18446744073709551615\|1\|/.test((await record(tab)) ?? ''), 'a record saying a sign-up waits');
  // Then the tab dies without leaving (a phone reclaims it), so that no tab-close delivery
  // runs: with the page left offline instead, the shop had the sign-up before the next view in
  // 3 of 8 runs (the earlier version of this test, left through about:blank, failed 1 in 5 runs
  // of this file, the next view waiting out the leaving page's 20 s lease).
  const crashed = tab.waitForEvent('crash');
  const cdp = await tab.context().newCDPSession(tab);
  cdp.send('Page.crash').catch(() => {});
  await crashed;
  const context = tab.context();
  await tab.close();
  await context.setOffline(false);
  const rows = () => env.shop.rows("SELECT email FROM signups WHERE email = 'waiting@example.com'");
  assert.equal((await rows()).length, 0, 'the shop does not have the sign-up before the next view');
  const page = await context.newPage();
  await watchWasm(page);
  await visit(page);
  await loads(page);
  await stored('waiting@example.com', 'the sign-up delivered from the outbox');
  await quietRecord(page);
  await visit(page);
  await assertQuiet(page);
  await page.context().close();
});

test('a revealed code offered again in a tab counts as something to show', async () => {
  const page = await openPage(env.browser);
  await watchWasm(page);
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await dialog(page).waitFor();
  await signUp(page, 'reminder@example.com');
  await stored('reminder@example.com');
  await waitFor(async () => /^1\|0\|0\|/.test((await record(page)) ?? ''), 'a record saying something shows now');
  page.wasmRequests.length = 0;
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await loads(page);
  await page.locator('doorman-widget').waitFor();
  await page.context().close();
});
