// End to end: Doorman on pages whose globals were replaced before it loaded, the way real themes,
// old libraries and analytics SDKs replace them (Prototype.js, MooTools, fetch and Promise
// polyfills, wrappers that track calls). Each case signs up in the welcome popup and checks that
// the sign-up is in the preview shop's SQLite, that the shop's code is revealed, that the shop's
// scripts hear about it, and that nothing is thrown into the host page. Where a global is too
// broken for Doorman to work, it says so once and keeps the sign-up for later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armed, dialog, leaveThroughTheTop, openPage, useShop, waitFor } from './shop.mjs';

const env = useShop();
const ISSUED = /^WELCOME-[0-9A-F]{8}$/;

/** Records Doorman's window events and a data layer from the start of the page view, before any
 * override (so the recorder itself uses the browser's own globals). */
function recordEvents() {
  window.doormanEvents = [];
  window.dataLayer = [];
  for (const step of ['shown', 'closed', 'signup']) {
    addEventListener(`doorman:${step}`, (event) => window.doormanEvents.push({ step, email: event.detail?.signup?.email ?? null }));
  }
  window.realGetItem = Storage.prototype.getItem;
}

/** Opens the welcome fixture with `overrides` run before any of the page's scripts. Resolves once
 * the dialog shows; failing that, the error says what Doorman logged. */
async function visit(overrides, { path = '/fixtures/welcome.html', context } = {}) {
  const page = await openPage(env.browser, context);
  page.errorStacks = [];
  page.on('pageerror', (error) => page.errorStacks.push(error.stack));
  await page.addInitScript(recordEvents);
  await page.addInitScript(overrides);
  await page.goto(`${env.shop.url}${path}`);
  try {
    await dialog(page).waitFor({ timeout: 15_000 });
  } catch {
    throw new Error(`no dialog; console: ${JSON.stringify(page.consoleMessages)}; page errors: ${JSON.stringify(page.pageErrors)}`);
  }
  return page;
}

async function signUp(page, email) {
  await dialog(page).locator('input[type=email]').fill(email);
  await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
}

/** The stored outbox, read and parsed with the browser's own functions (the page's may be replaced). */
async function outbox(page) {
  const text = await page.evaluate(() => window.realGetItem.call(localStorage, 'doorman:outbox'));
  return JSON.parse(text ?? '{"deliveries":[]}');
}

const doormanMessages = (page) => page.consoleMessages.filter((m) => m.text.startsWith('Doorman'));

/** The whole path: sign up, the shop stores it once with the code it issued, the shopper sees
 * that code, the shop's scripts hear of the sign-up, the outbox empties, nothing is thrown and
 * Doorman has nothing to complain about. */
async function signsUpEndToEnd(page, email) {
  await signUp(page, email);
  const [row] = await env.shop.rows(`SELECT * FROM signups WHERE email = '${email}'`);
  assert.ok(row, `${email} is in the shop's database; console: ${JSON.stringify(page.consoleMessages)}; errors: ${JSON.stringify(page.pageErrors)}`);
  assert.equal(row.campaign, 'welcome');
  assert.equal(row.consent_given, 1);
  assert.equal(row.consent_text, 'Yes, email me offers. Unsubscribe any time.');
  assert.equal(row.offer_code, 'WELCOME15');
  assert.match(row.issued_code, ISSUED);
  const code = dialog(page).locator('output.code');
  await waitFor(async () => (await code.textContent()) === row.issued_code).catch(async () => {
    assert.equal(await code.textContent(), row.issued_code, 'the code shown is the one the shop issued');
  });
  await waitFor(async () => (await outbox(page)).deliveries.length === 0).catch(async () => {
    assert.deepEqual((await outbox(page)).deliveries, [], 'the outbox empties once delivered');
  });
  assert.deepEqual(await page.evaluate(() => window.doormanEvents), [
    { step: 'shown', email: null },
    { step: 'signup', email },
  ], 'the shop\'s scripts hear of the sign-up, with its email');
  assert.deepEqual(await page.evaluate(() => window.dataLayer.map((entry) => entry.event)), ['doorman_shown', 'doorman_signup']);
  assert.equal(env.shop.query(`SELECT count(*) AS n FROM signups WHERE email = '${email}'`)[0].n, 1, 'stored once');
  assert.deepEqual(page.errorStacks, [], 'nothing thrown into the host page');
  assert.deepEqual(doormanMessages(page), [], 'nothing for Doorman to report');
}

// 1. Prototype.js 1.6: toJSON on Array, String and Date that return JSON *text*, so that
// JSON.stringify([1, 'a']) is the string '"[1, \\"a\\"]"', not an array; plus its each().
test('Prototype.js 1.6 toJSON on Array, String and Date', async () => {
  const page = await visit(() => {
    const stringify = JSON.stringify;
    Array.prototype.toJSON = function toJSON() { return `[${Array.prototype.map.call(this, (v) => stringify(v)).join(', ')}]`; };
    String.prototype.toJSON = function toJSON() { return `"${String(this).replace(/"/g, '\\"')}"`; };
    Date.prototype.toJSON = function toJSON() { return `"${this.getUTCFullYear()}-${this.getUTCMonth() + 1}-${this.getUTCDate()}"`; };
    Object.toJSON = (object) => stringify(object);
    Array.prototype.each = function each(iterator) { for (let i = 0; i < this.length; i += 1) iterator(this[i], i); };
  });
  assert.equal(await page.evaluate(() => JSON.stringify([1, 'a'])), '"[1, \\"a\\"]"', 'the override is in force');
  await signsUpEndToEnd(page, 'prototype@example.com');
  await page.context().close();
});

// 2. MooTools 1.2-1.4: methods added to Array.prototype and Object.prototype by assignment, so
// they show up in every for-in; Array.from replaced by MooTools' own.
test('MooTools: enumerable Array.prototype and Object.prototype additions, and its Array.from', async () => {
  const page = await visit(() => {
    for (const name of ['each', 'contains', 'include', 'erase', 'clean', 'getLast']) {
      Array.prototype[name] = function mootools() { return this; };
    }
    Object.prototype.each = function each() {};
    Object.prototype.extend = function extend() { return this; };
    const slice = Array.prototype.slice;
    Array.from = function from(item) {
      if (item == null) return [];
      return (typeof item.length === 'number' && typeof item !== 'string' && typeof item !== 'function')
        ? (Array.isArray(item) ? item : slice.call(item)) : [item];
    };
  });
  assert.equal(await page.evaluate(() => { const keys = []; for (const key in {}) keys.push(key); return keys.join(); }), 'each,extend');
  await signsUpEndToEnd(page, 'mootools@example.com');
  await page.context().close();
});

/** whatwg-fetch's shape, installed over the browser's fetch. */
function xhrFetchPolyfill() {
  class PolyHeaders {
    constructor(raw = '') {
      this.map = {};
      for (const line of raw.trim().split(/[\r\n]+/)) {
        const at = line.indexOf(':');
        if (at > 0) this.map[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
    }
    get(name) { return this.map[String(name).toLowerCase()] ?? null; }
    has(name) { return String(name).toLowerCase() in this.map; }
  }
  class PolyResponse {
    constructor(xhr) {
      this.status = xhr.status;
      this.ok = xhr.status >= 200 && xhr.status < 300;
      this.statusText = xhr.statusText;
      this.url = xhr.responseURL;
      this.type = 'default';
      this.headers = new PolyHeaders(xhr.getAllResponseHeaders());
      this.buffer = xhr.response;
      this.bodyUsed = false;
    }
    arrayBuffer() { this.bodyUsed = true; return Promise.resolve(this.buffer.slice(0)); }
    text() { this.bodyUsed = true; return Promise.resolve(new TextDecoder().decode(this.buffer)); }
    json() { return this.text().then(JSON.parse); }
    blob() { this.bodyUsed = true; return Promise.resolve(new Blob([this.buffer])); }
    clone() { return Object.assign(Object.create(PolyResponse.prototype), this); }
  }
  window.polyfilledFetches = [];
  window.fetch = function fetch(input, init = {}) {
    return new Promise((resolve, reject) => {
      const url = typeof input === 'string' ? input : (input.url ?? String(input));
      const xhr = new XMLHttpRequest();
      xhr.open(init.method || 'GET', url, true);
      xhr.responseType = 'arraybuffer';
      xhr.withCredentials = init.credentials === 'include';
      const headers = init.headers || {};
      if (typeof headers.forEach === 'function') headers.forEach((value, name) => xhr.setRequestHeader(name, value));
      else for (const name of Object.keys(headers)) xhr.setRequestHeader(name, headers[name]);
      xhr.onload = () => resolve(new PolyResponse(xhr));
      xhr.onerror = () => reject(new TypeError('Network request failed'));
      xhr.ontimeout = () => reject(new TypeError('Network request failed'));
      xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
      if (init.signal) {
        if (init.signal.aborted) { reject(new DOMException('Aborted', 'AbortError')); return; }
        init.signal.addEventListener('abort', () => xhr.abort());
      }
      window.polyfilledFetches.push(`${init.method || 'GET'} ${new URL(url, location.href).pathname}`);
      xhr.send(init.body ?? null);
    });
  };
  window.fetch.polyfill = true;
}

// 3. fetch replaced by an XHR-based polyfill in whatwg-fetch's style: no keepalive, no
// `redirected`, and it answers with a Response-like object of its own, not a Response.
test('fetch replaced by an XHR-based polyfill (whatwg-fetch style)', async () => {
  const page = await visit(xhrFetchPolyfill);
  await signsUpEndToEnd(page, 'xhrfetch@example.com');
  assert.ok((await page.evaluate(() => window.polyfilledFetches)).includes('POST /apps/doorman/signups'), 'the sign-up went through the polyfill');
  await page.context().close();
});

// 3b. The same polyfill installed late, by a theme bundle that runs after Doorman has started:
// only the sign-up's delivery meets it.
test('fetch replaced by the XHR-based polyfill after Doorman started', async () => {
  const page = await visit(() => {});
  await page.evaluate(xhrFetchPolyfill);
  await signsUpEndToEnd(page, 'latexhrfetch@example.com');
  assert.ok((await page.evaluate(() => window.polyfilledFetches)).includes('POST /apps/doorman/signups'), 'the sign-up went through the polyfill');
  await page.context().close();
});

// 4. fetch wrapped by an analytics SDK: it records every request and passes it through.
test('fetch wrapped for tracking, passing every request through', async () => {
  const page = await visit(() => {
    const original = window.fetch;
    window.tracked = [];
    window.fetch = function fetch(input, init) {
      const url = typeof input === 'string' ? input : input.url;
      window.tracked.push(`${init?.method ?? 'GET'} ${new URL(url, location.href).pathname}`);
      const started = performance.now();
      return original.apply(this, arguments).then((response) => {
        window.tracked.push(`${response.status} in ${Math.round(performance.now() - started)} ms`);
        return response;
      });
    };
  });
  await signsUpEndToEnd(page, 'tracked@example.com');
  assert.ok((await page.evaluate(() => window.tracked)).includes('POST /apps/doorman/signups'), 'the sign-up went through the wrapper');
  await page.context().close();
});

// A wrapper that answers with an object of its own carrying only what it copied (as mocking and
// caching layers do): no `url`, no `redirected`, a bare `headers.get`.
test('fetch answering with a response-like object without url or redirected', async () => {
  const page = await visit(() => {
    const original = window.fetch;
    window.fetch = function fetch() {
      return original.apply(this, arguments).then(async (response) => {
        const bytes = await response.arrayBuffer();
        const text = new TextDecoder().decode(bytes);
        return {
          ok: response.ok,
          status: response.status,
          headers: { get: (name) => response.headers.get(name) },
          arrayBuffer: () => Promise.resolve(bytes),
          text: () => Promise.resolve(text),
          json: () => Promise.resolve(JSON.parse(text)),
        };
      });
    };
  });
  await signsUpEndToEnd(page, 'bare-response@example.com');
  await page.context().close();
});

// A mocking layer whose response's text() answers the text itself rather than a promise of it:
// awaiting it directly threw into the widget, which stopped (found by a tester's trial of the
// same shape in navigator.locks). Read through Promise.resolve, it is simply the text.
test('fetch answering with a response whose text() and json() answer plain values', async () => {
  const page = await visit(() => {
    const original = window.fetch;
    window.fetch = function fetch() {
      return original.apply(this, arguments).then(async (response) => {
        const text = await response.text();
        return { ok: response.ok, status: response.status, headers: response.headers, text: () => text, json: () => JSON.parse(text) };
      });
    };
  });
  await signsUpEndToEnd(page, 'plain-text@example.com');
  assert.deepEqual(page.consoleMessages.filter((m) => /stopped/.test(m.text)), []);
  await page.context().close();
});

// 5. Promise replaced by a spec-ish polyfill (es6-promise / core-js style: a class of its own
// whose reactions run from a MutationObserver), and queueMicrotask deleted. The browser's own
// APIs (fetch, clipboard, async functions) still answer with native promises.
test('Promise replaced by a polyfill and queueMicrotask deleted; the copy button still copies', async () => {
  const page = await visit(() => {
    const queue = [];
    const node = document.createTextNode('');
    let flip = 0;
    new MutationObserver(() => { for (const job of queue.splice(0)) job(); }).observe(node, { characterData: true });
    const soon = (job) => { queue.push(job); node.data = String(flip ^= 1); };
    class PolyPromise {
      constructor(executor) {
        this.state = 'pending';
        this.reactions = [];
        let done = false;
        const settle = (state, value) => {
          if (done) return;
          done = true;
          this.state = state;
          this.value = value;
          for (const reaction of this.reactions.splice(0)) soon(() => reaction());
        };
        const resolve = (value) => {
          if (done) return;
          if (value === this) { settle('rejected', new TypeError('cycle')); return; }
          let then;
          try { then = value !== null && (typeof value === 'object' || typeof value === 'function') ? value.then : undefined; } catch (error) { settle('rejected', error); return; }
          if (typeof then === 'function') {
            done = true;
            let called = false;
            const again = (f) => (v) => { if (!called) { called = true; done = false; f(v); } };
            soon(() => { try { then.call(value, again(resolve), again((e) => settle('rejected', e))); } catch (error) { again((e) => settle('rejected', e))(error); } });
          } else settle('fulfilled', value);
        };
        try { executor(resolve, (reason) => settle('rejected', reason)); } catch (error) { settle('rejected', error); }
      }
      then(onFulfilled, onRejected) {
        return new PolyPromise((resolve, reject) => {
          const react = () => {
            const handler = this.state === 'fulfilled' ? onFulfilled : onRejected;
            if (typeof handler !== 'function') { (this.state === 'fulfilled' ? resolve : reject)(this.value); return; }
            try { resolve(handler(this.value)); } catch (error) { reject(error); }
          };
          if (this.state === 'pending') this.reactions.push(react); else soon(react);
        });
      }
      catch(onRejected) { return this.then(undefined, onRejected); }
      finally(f) { return this.then((v) => { f(); return v; }, (e) => { f(); throw e; }); }
      static resolve(value) { return value instanceof PolyPromise ? value : new PolyPromise((resolve) => resolve(value)); }
      static reject(reason) { return new PolyPromise((_, reject) => reject(reason)); }
      static all(items) {
        return new PolyPromise((resolve, reject) => {
          const list = [...items];
          const out = new Array(list.length);
          let left = list.length;
          if (!left) resolve(out);
          list.forEach((item, i) => PolyPromise.resolve(item).then((v) => { out[i] = v; if (--left === 0) resolve(out); }, reject));
        });
      }
      static race(items) { return new PolyPromise((resolve, reject) => { for (const item of items) PolyPromise.resolve(item).then(resolve, reject); }); }
    }
    window.Promise = PolyPromise;
    delete window.queueMicrotask;
  }, { context: { permissions: ['clipboard-read', 'clipboard-write'] } });
  assert.equal(await page.evaluate(() => [typeof queueMicrotask, Promise.name].join()), 'undefined,PolyPromise');
  await signsUpEndToEnd(page, 'polypromise@example.com');
  const shown = await dialog(page).locator('output.code').textContent();
  await dialog(page).locator('button.copy').click();
  await dialog(page).locator('.note', { hasText: 'Code copied' }).waitFor({ timeout: 5_000 }).catch(async () => {
    assert.equal(await dialog(page).locator('.note').textContent(), 'Code copied', 'the copy button says it copied');
  });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

// 6. JSON.parse wrapped by a privacy script that returns undefined for any text holding an email
// address (instead of parsing it): Doorman's own reading must not depend on it, and the shop's
// scripts still hear of the sign-up with its email.
// The loader awaits rather than calling a promise's then or catch; wasm-bindgen's glue calls
// them while it sets up the wasm, so a page whose Promise.prototype.then throws gets one message
// naming its error, and nothing thrown into it (a merchant's trial: the loader's own calls threw
// from an idle callback, into Doorman.preview's caller and out of restart()).
test('Promise.prototype.then that throws: one message naming the page\'s error, nothing thrown into the page', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => { Promise.prototype.then = function then() { throw new TypeError('then is broken'); }; });
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await waitFor(() => doormanMessages(page).length > 0);
  const wasm = `${env.shop.url}/doorman/doorman.wasm`;
  const message = `Doorman could not start: setting up ${wasm} threw TypeError: then is broken; the page replaced Promise.prototype.then, which it needs.`;
  assert.deepEqual(doormanMessages(page).map((m) => m.text), [message]);
  const answers = await page.evaluate(async () => {
    const preview = window.Doorman.preview('welcome');
    return { preview: preview instanceof Promise, restart: await window.Doorman.restart() };
  });
  assert.deepEqual(answers, { preview: true, restart: false }, 'preview answers a promise and restart resolves false, neither throws');
  assert.equal(await page.locator('doorman-widget').count(), 0);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

// A page's WebAssembly.instantiate that throws or rejects (a wrapper blocking it): named as the
// page's, not blamed on doorman.wasm ("Serve doorman.wasm from the same release"), as a trial found.
for (const [name, override] of [
  ['throws', () => { WebAssembly.instantiate = function instantiate() { throw new TypeError('instantiate blocked'); }; }],
  ['rejects', () => { WebAssembly.instantiate = async function instantiate() { throw new TypeError('instantiate blocked'); }; }],
]) {
  test(`WebAssembly.instantiate that ${name}: one message naming the page's replacement, nothing thrown`, async () => {
    const page = await openPage(env.browser);
    await page.addInitScript(override);
    await page.goto(`${env.shop.url}/fixtures/welcome.html`);
    await waitFor(() => doormanMessages(page).length > 0);
    const wasm = `${env.shop.url}/doorman/doorman.wasm`;
    assert.deepEqual(doormanMessages(page).map((m) => m.text),
      [`Doorman could not start: setting up ${wasm} threw TypeError: instantiate blocked; the page replaced WebAssembly.instantiate, which it needs.`]);
    assert.equal(await page.locator('doorman-widget').count(), 0);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
}

// wasm-bindgen's glue builds a TextEncoder and a TextDecoder as it sets up: a page that deleted
// or broke either gets one message naming what threw, nothing thrown into the page, and a
// sign-up waiting in the outbox stays there for a page view that can send it.
for (const [name, override, threw] of [
  ['TextEncoder deleted', () => { delete window.TextEncoder; }, 'ReferenceError: TextEncoder is not defined'],
  ['TextDecoder whose constructor throws', () => { window.TextDecoder = class { constructor() { throw new TypeError('no decoding here'); } }; }, 'TypeError: no decoding here'],
]) {
  test(`${name}: one message naming what the glue's set-up threw, nothing thrown into the page, the outbox kept`, async () => {
    const page = await openPage(env.browser);
    const waiting = JSON.stringify({ deliveries: [{ id: 'kept-1', email: 'kept@example.com' }] });
    await page.addInitScript((text) => { if (!localStorage.getItem('doorman:outbox')) localStorage.setItem('doorman:outbox', text); }, waiting);
    await page.addInitScript(override);
    await page.goto(`${env.shop.url}/fixtures/welcome.html`);
    await waitFor(() => doormanMessages(page).length > 0);
    const glue = `${env.shop.url}/doorman/doorman-glue.js`;
    const message = `Doorman could not start: ${glue} threw ${threw} as it set up; the page removed or replaced a browser built-in it needs.`;
    assert.deepEqual(doormanMessages(page).map((m) => m.text), [message]);
    assert.equal(await page.evaluate(() => window.Doorman.restart()), false, 'restart resolves false and throws nothing');
    assert.equal(await page.locator('doorman-widget').count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('doorman:outbox')), waiting);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
}

test('JSON.parse that returns undefined for some inputs', async () => {
  const page = await visit(() => {
    const parse = JSON.parse;
    JSON.parse = function guardedParse(text, reviver) {
      if (typeof text === 'string' && text.includes('@')) return undefined;
      return parse.call(JSON, text, reviver);
    };
  });
  assert.equal(await page.evaluate(() => JSON.parse('{"email":"a@b.c"}')), undefined, 'the override is in force');
  await signsUpEndToEnd(page, 'noparse@example.com');
  await page.context().close();
});

// The same broken JSON.parse on a page that hands the cart over in data-cart: the cart is read by
// Doorman's own parser, so the exit prompt still offers to save it.
test('JSON.parse that returns undefined for lists: data-cart is still read', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => {
    const parse = JSON.parse;
    JSON.parse = function guardedParse(text, reviver) {
      return typeof text === 'string' && text.trim().startsWith('[') ? undefined : parse.call(JSON, text, reviver);
    };
  });
  await page.goto(`${env.shop.url}/fixtures/exit-other-platform.html`);
  await page.waitForFunction(() => window.Doorman);
  assert.equal(await page.evaluate(() => JSON.parse('[1]')), undefined, 'the override is in force');
  await armed(page);
  await page.waitForTimeout(300);
  await leaveThroughTheTop(page);
  await dialog(page).waitFor();
  await dialog(page).locator('input[type=email]').fill('cart-parse@example.com');
  await dialog(page).locator('button[type=submit]').click();
  const [row] = await env.shop.rows("SELECT cart FROM signups WHERE email = 'cart-parse@example.com'");
  assert.ok(row, `saved; console: ${JSON.stringify(page.consoleMessages)}`);
  assert.deepEqual(JSON.parse(row.cart).items.map((item) => [item.variant_id, item.quantity, item.unit_price]), [[501, 1, 3900]]);
  assert.deepEqual(doormanMessages(page), []);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

// 7. CustomEvent replaced by the old MDN polyfill (a function building the event with
// document.createEvent + initCustomEvent), as IE-era theme bundles still ship.
test('CustomEvent replaced by the old createEvent polyfill', async () => {
  const page = await visit(() => {
    window.polyfilledEvents = [];
    function CustomEvent(event, params) {
      const options = params || { bubbles: false, cancelable: false, detail: null };
      window.polyfilledEvents.push(event);
      const evt = document.createEvent('CustomEvent');
      evt.initCustomEvent(event, options.bubbles, options.cancelable, options.detail);
      return evt;
    }
    CustomEvent.prototype = window.Event.prototype;
    window.CustomEvent = CustomEvent;
  });
  await signsUpEndToEnd(page, 'oldevent@example.com');
  assert.deepEqual((await page.evaluate(() => window.polyfilledEvents)).filter((name) => name.startsWith('doorman:')), ['doorman:shown', 'doorman:signup']);
  await page.context().close();
});

// 8. Analytics / session-replay SDKs wrap attachShadow and document.createElement to watch the
// DOM; they pass every call through.
test('attachShadow and document.createElement wrapped by a session-replay script', async () => {
  const page = await visit(() => {
    window.watched = { shadows: [], elements: 0 };
    const attachShadow = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function watchedAttachShadow(init) {
      const root = attachShadow.call(this, init);
      window.watched.shadows.push(`${this.localName} ${init.mode}`);
      return root;
    };
    const createElement = Document.prototype.createElement;
    Document.prototype.createElement = function watchedCreateElement(...args) {
      window.watched.elements += 1;
      return createElement.apply(this, args);
    };
  });
  await signsUpEndToEnd(page, 'watched@example.com');
  const watched = await page.evaluate(() => window.watched);
  assert.ok(watched.shadows.includes('doorman-widget open'), JSON.stringify(watched));
  assert.ok(watched.elements > 0);
  await page.context().close();
});

// A browser without constructed stylesheets (Safari before 16.4), or a page that broke them: the
// dialog is styled through a <style> element instead (a merchant's trial: nothing showed, and
// the message blamed the page; a setter that did nothing left the dialog unstyled).
for (const [name, override] of [
  ['without CSSStyleSheet.replaceSync', () => { delete CSSStyleSheet.prototype.replaceSync; }],
  ['without constructed stylesheets', () => { window.CSSStyleSheet = function CSSStyleSheet() { throw new TypeError('Illegal constructor'); }; }],
  ['without adoptedStyleSheets', () => { delete ShadowRoot.prototype.adoptedStyleSheets; delete Document.prototype.adoptedStyleSheets; }],
  // A wrapper (a session-replay script's) whose setter forgets to call the browser's, or throws.
  ['whose adoptedStyleSheets setter does nothing', () => {
    const { get } = Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'adoptedStyleSheets');
    Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', { configurable: true, get, set() {} });
  }],
  ['whose adoptedStyleSheets setter throws', () => {
    const { get } = Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'adoptedStyleSheets');
    Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', { configurable: true, get, set() { throw new TypeError('not recorded'); } });
  }],
]) {
  test(`a browser ${name}: the dialog is styled all the same`, async () => {
    const page = await visit(override);
    assert.equal(await dialog(page).evaluate((node) => getComputedStyle(node).position), 'fixed', 'the stylesheet applies');
    await signsUpEndToEnd(page, `${name.split(' ').at(-1).toLowerCase()}@example.com`);
    await page.context().close();
  });
}

// 9. requestIdleCallback missing (Safari), and setTimeout wrapped the way zone.js wraps it:
// handlers run inside a wrapper, the timer id is passed back.
test('requestIdleCallback missing and setTimeout wrapped zone.js style', async () => {
  const page = await visit(() => {
    delete window.requestIdleCallback;
    delete window.cancelIdleCallback;
    const setTimeoutNative = window.setTimeout;
    const clearTimeoutNative = window.clearTimeout;
    window.zoneTasks = 0;
    window.setTimeout = function setTimeout(handler, delay, ...args) {
      window.zoneTasks += 1;
      const task = typeof handler === 'function' ? function zoneTask() { return handler.apply(this, arguments); } : handler;
      return setTimeoutNative.call(window, task, delay, ...args);
    };
    window.clearTimeout = function clearTimeout(id) { return clearTimeoutNative.call(window, id); };
  });
  assert.equal(await page.evaluate(() => typeof requestIdleCallback), 'undefined');
  await signsUpEndToEnd(page, 'zone@example.com');
  assert.ok(await page.evaluate(() => window.zoneTasks) > 0, 'Doorman\'s timers went through the wrapper');
  await page.context().close();
});

// A requestIdleCallback that throws from its second call on (a quota a script imposes), or
// always: Doorman waits on timers instead, and nothing is thrown from its callbacks.
for (const [name, override] of [
  ['from its second call', () => {
    const native = window.requestIdleCallback;
    let calls = 0;
    window.requestIdleCallback = function requestIdleCallback(callback, options) {
      calls += 1;
      if (calls > 1) throw new TypeError('idle callbacks over quota');
      return native.call(window, callback, options);
    };
  }],
  ['always', () => { window.requestIdleCallback = () => { throw new TypeError('idle callbacks are off'); }; }],
]) {
  test(`requestIdleCallback that throws ${name}: the widget starts on timers, and signs up end to end`, async () => {
    const page = await visit(override);
    await signsUpEndToEnd(page, `idle-${name.split(' ').at(-1)}@example.com`);
    await page.context().close();
  });
}

// What keeps the glue from running at all: a consent manager that types the scripts other
// scripts add as text/plain until the shopper consents (the browser then fires neither load nor
// error), a createElement that answers another element or throws. One message at once naming
// the page's doing, nothing thrown, no widget; restart answers false.
for (const [name, override, problem] of [
  ['a consent manager typing added scripts text/plain', () => {
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function createElement(tag, options) {
      const element = create.call(this, tag, options);
      if (String(tag).toLowerCase() === 'script') element.type = 'text/plain';
      return element;
    };
  }, 'did not run: a script of this page made it type="text/plain", which the browser does not run, as consent managers do until the shopper consents. Let doorman-glue.js run wherever the page lets doorman.js.'],
  // Yett's way: a `src` setter that types a blocked script javascript/blocked first, and a
  // `type` with no getter, so only the attribute tells.
  ['a Yett-style blocker hiding the type it set', () => {
    const create = Document.prototype.createElement;
    const src = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src');
    const type = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'type');
    const blocked = (url) => /doorman-glue/.test(url);
    Document.prototype.createElement = function createElement(tag, options) {
      const element = create.call(this, tag, options);
      if (String(tag).toLowerCase() !== 'script') return element;
      return Object.defineProperties(element, {
        src: {
          get() { return src.get.call(this); },
          set(value) { if (blocked(value)) type.set.call(this, 'javascript/blocked'); src.set.call(this, value); },
        },
        type: { set(value) { type.set.call(this, blocked(src.get.call(this)) ? 'javascript/blocked' : value); } },
      });
    };
  }, 'did not run: a script of this page made it type="javascript/blocked", which the browser does not run, as consent managers do until the shopper consents. Let doorman-glue.js run wherever the page lets doorman.js.'],
  ['a createElement answering a <div> for a <script>', () => {
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function createElement(tag, options) {
      return create.call(this, String(tag).toLowerCase() === 'script' ? 'div' : tag, options);
    };
  }, 'did not run: the page\'s document.createElement answered [object HTMLDivElement] for a <script>.'],
  ['a createElement that throws for a <script>', () => {
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function createElement(tag, options) {
      if (String(tag).toLowerCase() === 'script') throw new TypeError('no scripts from scripts');
      return create.call(this, tag, options);
    };
  }, 'could not be added to the page: it threw TypeError: no scripts from scripts.'],
]) {
  test(`${name}: one message at once, nothing thrown, no widget`, async () => {
    const page = await openPage(env.browser);
    await page.addInitScript(override);
    await page.goto(`${env.shop.url}/fixtures/welcome.html`);
    await waitFor(() => doormanMessages(page).length > 0);
    assert.deepEqual(doormanMessages(page).map((m) => m.text), [`Doorman could not start: ${env.shop.url}/doorman/doorman-glue.js ${problem}`]);
    assert.equal(await page.evaluate(() => window.Doorman.restart()), false);
    assert.equal(await page.locator('doorman-widget').count(), 0);
    assert.equal(await page.locator('script[src*="doorman-glue"]').count(), 0, 'no inert script is left in the page');
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
}

// Types the browser runs all the same (HTML: a JavaScript MIME type essence, stripped of
// whitespace, in any case), which a page's script may give every script it adds: before, the
// loader told the first two it "did not run".
for (const type of ['application/x-javascript', ' text/javascript ', 'TEXT/ECMASCRIPT']) {
  test(`scripts typed ${JSON.stringify(type)} by the page: the widget signs up end to end`, async () => {
    const page = await visit(`(() => {
      const create = Document.prototype.createElement;
      Document.prototype.createElement = function createElement(tag, options) {
        const element = create.call(this, tag, options);
        if (String(tag).toLowerCase() === 'script') element.setAttribute('type', ${JSON.stringify(type)});
        return element;
      };
    })()`);
    await signsUpEndToEnd(page, `typed-${type.trim().split('/')[1].toLowerCase()}@example.com`);
    await page.context().close();
  });
}

// The TextDecoder and TextEncoder that carry every text between the widget and the page,
// broken after the widget started. The glue keeps the methods it had as it set up, so the widget
// goes on: before, a decode that threw stopped it, and one that answered '' left it unable to
// name `then` or `POST` (a rejected fetch reached the page as an unhandled rejection, the sign-up
// was never sent, and its messages were empty). The encoder's methods are kept alike, but carry
// only text beyond ASCII, which no typed email is (the browser gives a domain in punycode).
for (const [name, override] of [
  ['TextDecoder.decode that throws', () => { TextDecoder.prototype.decode = function decode() { throw new TypeError('decode is broken'); }; }],
  ['TextDecoder.decode that answers \'\'', () => { TextDecoder.prototype.decode = function decode() { return ''; }; }],
]) {
  test(`${name}, replaced while the dialog shows: the widget signs up end to end`, async () => {
    const page = await visit(() => {});
    await page.evaluate(override);
    await signsUpEndToEnd(page, `codec-${name.split(' ')[0].toLowerCase()}-${name.length}@example.com`);
    await page.context().close();
  });
}

// A built-in the widget cannot do without, broken after it started: String.prototype.charCodeAt,
// through which every text of the page enters the wasm, the widget's own message included. The
// glue says it stopped, once; nothing is thrown into the page.
test('String.prototype.charCodeAt broken while the dialog shows: signing up stops the widget with one message, nothing thrown', async () => {
  const page = await visit(() => {});
  await page.evaluate(() => { String.prototype.charCodeAt = function charCodeAt() { throw new TypeError('charCodeAt is broken'); }; });
  await signUp(page, 'chars@example.com');
  await waitFor(() => doormanMessages(page).length > 0);
  await page.waitForTimeout(500);
  assert.deepEqual(doormanMessages(page).map((m) => m.text),
    ['Doorman stopped after an error: TypeError: charCodeAt is broken; the page is not affected. It starts again on the next page view.']);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

// A fetch that rejects, where the widget cannot read the answer's `then` (a page's Reflect.get
// that throws for it): the rejection is still the widget's to read, not an unhandled rejection in
// the page, and the sign-up waits in the outbox.
test('a rejected fetch whose then the widget cannot read: nothing thrown into the page, the sign-up kept', async () => {
  const page = await visit(() => {});
  await page.evaluate(() => {
    window.fetch = () => Promise.reject(new TypeError('offline'));
    const get = Reflect.get;
    Reflect.get = function (target, key, receiver) {
      if (key === 'then') throw new TypeError('no then for you');
      return get(target, key, ...(arguments.length > 2 ? [receiver] : []));
    };
  });
  await signUp(page, 'unread@example.com');
  await waitFor(async () => (await outbox(page)).deliveries.length > 0).catch(() => {});
  const { deliveries } = await outbox(page);
  assert.equal(deliveries.length, 1, `the sign-up waits in the outbox; console: ${JSON.stringify(page.consoleMessages)}`);
  assert.equal(JSON.parse(deliveries[0].body).email, 'unread@example.com');
  await page.waitForTimeout(500);
  assert.deepEqual(page.errorStacks, [], 'nothing thrown into the host page');
  await page.context().close();
});

// An Object.assign that throws (a broken polyfill): the loader and the glue copy by hand. Before,
// the loader said `data-wasm="null" is not a URL it can load from`, and started nothing.
test('Object.assign that throws: the widget signs up end to end', async () => {
  const page = await visit(() => { Object.assign = function assign() { throw new TypeError('Object.assign is broken'); }; });
  await signsUpEndToEnd(page, 'assign@example.com');
  await page.context().close();
});

// A script loader that runs the tag's code itself (Cloudflare's Rocket Loader) leaves
// document.currentScript null, for the glue too: the loader reads its tag from the page, the glue
// finds the element that carries its hand. Before, "it ran as a module" and no widget.
test('document.currentScript null, as under Rocket Loader: the widget signs up end to end', async () => {
  const page = await visit(() => {
    Object.defineProperty(Document.prototype, 'currentScript', { configurable: true, get() { return null; } });
  });
  await signsUpEndToEnd(page, 'rocket@example.com');
  await page.context().close();
});

// What the loader's own first lines call, made to throw: a console line, no error in the page.
for (const [name, override, error] of [
  ['Symbol.for', () => { Symbol.for = () => { throw new TypeError('Symbol.for is broken'); }; }, 'TypeError: Symbol.for is broken'],
  ['the document.currentScript getter', () => {
    Object.defineProperty(Document.prototype, 'currentScript', { configurable: true, get() { throw new TypeError('currentScript blocked'); } });
  }, 'TypeError: currentScript blocked'],
]) {
  test(`${name} that throws: one message, nothing thrown into the page`, async () => {
    const page = await openPage(env.browser);
    await page.addInitScript(override);
    await page.goto(`${env.shop.url}/fixtures/welcome.html`);
    await waitFor(() => doormanMessages(page).length > 0);
    assert.deepEqual(doormanMessages(page).map((m) => m.text), [`Doorman could not start: ${error} (a page's override of a built-in threw).`]);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
}

// 10. Too broken to work with: a consent manager that blocks POSTs until the shopper consents,
// and answers a blocked fetch with undefined instead of a promise. Doorman says so once, throws
// nothing, shows the static code and keeps the sign-up; after consent, the next page view delivers it.
test('a fetch that answers undefined for blocked POSTs: one message, the sign-up kept and delivered later', async () => {
  const email = 'blocked@example.com';
  const page = await visit(() => {
    const original = window.fetch;
    window.fetch = function fetch(input, init) {
      if ((init?.method ?? 'GET').toUpperCase() === 'POST' && !sessionStorage.getItem('consented')) return undefined;
      return original.apply(this, arguments);
    };
  });
  await signUp(page, email);
  const code = dialog(page).locator('output.code');
  await waitFor(async () => (await code.textContent()) === 'WELCOME15').catch(async () => {
    assert.equal(await code.textContent(), 'WELCOME15', 'the static code is shown at once');
  });
  await waitFor(async () => (await outbox(page)).deliveries.length > 0).catch(() => {});
  const { deliveries } = await outbox(page);
  assert.equal(deliveries.length, 1, `the sign-up waits in the outbox; console: ${JSON.stringify(page.consoleMessages)}`);
  assert.equal(JSON.parse(deliveries[0].body).email, email);
  await waitFor(() => doormanMessages(page).length > 0 || page.pageErrors.length > 0).catch(() => {});
  const firstView = { messages: doormanMessages(page), stacks: [...page.errorStacks] };
  assert.equal(env.shop.query(`SELECT count(*) AS n FROM signups WHERE email = '${email}'`)[0].n, 0);

  await page.evaluate(() => sessionStorage.setItem('consented', '1'));
  await page.reload();
  const delivered = () => env.shop.query(`SELECT count(*) AS n FROM signups WHERE email = '${email}'`)[0].n;
  await waitFor(() => delivered() > 0, { timeout: 40_000 }).catch(() => {});
  assert.equal(delivered(), 1, `delivered after consent; outbox: ${JSON.stringify(await outbox(page))}`);
  await waitFor(async () => (await outbox(page)).deliveries.length === 0);
  assert.deepEqual(firstView.stacks, [], 'nothing thrown into the host page');
  assert.equal(firstView.messages.length, 1, `one message from Doorman; console: ${JSON.stringify(page.consoleMessages)}`);
  assert.deepEqual(page.errorStacks, []);
  await page.context().close();
});

test('a fetch that throws or rejects every request (a consent manager blocking them): the widget loads through XMLHttpRequest, and the sign-up waits in the outbox', async () => {
  // A tester's page: the loader took the page's refusal for a missing file and stopped.
  for (const [name, override] of [
    ['throws', () => { window.fetch = () => { throw new Error('blocked by consent manager'); }; }],
    ['rejects', () => { window.fetch = () => Promise.reject(new TypeError('blocked by consent manager')); }],
  ]) {
    const email = `fetch-${name}@example.com`;
    const page = await visit(override);
    await signUp(page, email);
    await waitFor(async () => (await outbox(page)).deliveries.length > 0).catch(() => {});
    const { deliveries } = await outbox(page);
    assert.equal(deliveries.length, 1, `${name}: the sign-up waits in the outbox; console: ${JSON.stringify(page.consoleMessages)}`);
    assert.equal(JSON.parse(deliveries[0].body).email, email);
    await waitFor(() => doormanMessages(page).length > 0).catch(() => {});
    const messages = doormanMessages(page).map((m) => m.text);
    assert.equal(messages.length, 1, `${name}: one message, about the delivery: ${JSON.stringify(messages)}`);
    assert.doesNotMatch(messages[0], /could not start|Serve doorman/, name);
    assert.deepEqual(page.errorStacks, [], `${name}: nothing thrown into the host page`);
    await page.context().close();
  }
});
