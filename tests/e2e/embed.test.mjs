// End to end: the merchant's script tag in its different placements, with wrong values, under a
// strict Content-Security-Policy, and from another origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openDialog, openPage, screenshotPath, useShop } from './shop.mjs';

const env = useShop();


test('two async tags in <head> from another origin start one widget, which finds its wasm beside itself', async () => {
  const page = await openPage(env.browser);
  const cdnRequests = [];
  // A CDN origin of its own: requests to it are answered by the preview shop's /doorman/ files.
  await page.route('http://cdn.doorman.test/**', async (route) => {
    const url = new URL(route.request().url());
    cdnRequests.push(url.pathname);
    const response = await route.fetch({ url: `${env.shop.url}/doorman/${url.pathname.split('/').pop()}` });
    await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
  });
  await page.goto(`${env.shop.url}/fixtures/twice-async-cdn.html`);
  await dialog(page).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('doorman-widget').count(), 1, 'one widget');
  assert.ok(cdnRequests.includes('/assets/doorman.wasm'), `wasm fetched beside the script: ${cdnRequests}`);
  assert.ok(cdnRequests.includes('/assets/doorman-views.wasm'), `the views beside it: ${cdnRequests}`);
  assert.deepEqual(cdnRequests.filter((p) => p.endsWith('.wasm')), ['/assets/doorman.wasm', '/assets/doorman-views.wasm'], 'each wasm is fetched once');
  assert.deepEqual(Object.keys(await page.evaluate(() => window.Doorman)), ['version', 'setCart', 'restart', 'preview']);
  assert.equal(await page.evaluate(() => typeof window.wasm_bindgen), 'undefined', 'no other global');
  // A tester's case: a theme's tag and an app's, each with its own attributes, and no word of
  // which one counts.
  assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text),
    ['Doorman: a second Doorman tag on this page starts nothing; the first tag and its data-* attributes are used. Remove one of the two tags.']);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('nothing is fetched before the page has loaded', async () => {
  const page = await openDialog(env, '/fixtures/welcome.html');
  const timing = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation');
    const start = (name) => performance.getEntriesByType('resource').find((r) => r.name.endsWith(name)).startTime;
    return { loadEnd: navigation.loadEventEnd, wasmStart: start('/doorman.wasm'), glueStart: start('/doorman-glue.js') };
  });
  assert.ok(timing.wasmStart >= timing.loadEnd, `wasm requested at ${timing.wasmStart} ms, load ended ${timing.loadEnd} ms`);
  assert.ok(timing.glueStart >= timing.loadEnd, `glue requested at ${timing.glueStart} ms, load ended ${timing.loadEnd} ms`);
  await page.context().close();
});

test('a plain tag at the end of <body> works, with a scroll-depth trigger', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/fixtures/in-body.html`);
  await page.waitForFunction(() => window.Doorman);
  await page.waitForTimeout(1_000);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'not before the shopper scrolls');
  await page.mouse.wheel(0, 1_200);
  await dialog(page).waitFor({ timeout: 5_000 });
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a page already scrolled past the depth when the widget starts shows the popup without another scroll', async () => {
  // An anchor, a position the browser restored, or a shopper who scrolled while the page loaded:
  // the scroll happened before the widget listened. Once at DOMContentLoaded, once in a task
  // right after the wasm was fetched (the widget's first task may be running then).
  for (const when of ['DOMContentLoaded', 'wasm fetched']) {
    const page = await openPage(env.browser);
    await page.addInitScript((moment) => {
      const bottom = () => scrollTo(0, document.documentElement.scrollHeight);
      if (moment === 'DOMContentLoaded') addEventListener('DOMContentLoaded', bottom);
      else new PerformanceObserver((list) => { if (list.getEntries().some((e) => e.name.endsWith('.wasm'))) setTimeout(bottom); }).observe({ type: 'resource' });
    }, when);
    await page.goto(`${env.shop.url}/fixtures/in-body.html`);
    await dialog(page).waitFor({ timeout: 10_000 });
    assert.ok(await page.evaluate(() => scrollY) > 0, when);
    assert.deepEqual(page.pageErrors, [], when);
    await page.context().close();
  }
});

test('wrong attribute values give one clear warning each and the widget keeps working', async () => {
  const page = await openDialog(env, '/fixtures/bad-attributes.html');
  const warnings = page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
  assert.deepEqual(warnings.sort(), [
    'Doorman: data-accent="red;}body{display:none" is not valid: expected a hex colour such as #0b7a75 or #f60; using #0b7a75.',
    'Doorman: data-lang="tlh" is not valid: expected auto or one of en, de, fr, es, nl, ar, he, zh, zh-TW, fa, hu, fi; using auto.',
    'Doorman: data-welcom-code="X" is not a Doorman attribute and is ignored. Did you mean data-welcome-code?',
    'Doorman: data-welcome="lots" is not valid: expected a whole percentage from 1 to 100 such as 15 or 15%, free-shipping, or off; using 10%.',
  ]);
  assert.equal(await dialog(page).locator('h2').textContent(), '10% off your first order');
  assert.equal(await dialog(page).locator('.consent span').textContent(), '<img src=x onerror=alert(1)>Yes, email me.',
    'merchant text is shown as text, never as markup');
  assert.equal(await dialog(page).locator('img').count(), 0);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).display), 'block', 'the host page is untouched');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('under a strict Content-Security-Policy the popup is styled and a sign-up is delivered', async () => {
  const page = await openDialog(env, '/fixtures/strict-csp.html');
  const style = await dialog(page).evaluate((node) => getComputedStyle(node).position);
  assert.equal(style, 'fixed', 'the constructed stylesheet applies');
  await dialog(page).locator('input[type=email]').fill('csp@example.com');
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('output.code').waitFor();
  const rows = env.shop.query("SELECT id FROM signups WHERE email = 'csp@example.com'");
  assert.equal(rows.length, 1);
  const violations = page.consoleMessages.filter((m) => /Content Security Policy/i.test(m.text));
  assert.deepEqual(violations, []);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('without an endpoint the static code shows at once, right to left in Arabic, and no request is made', async () => {
  const page = await openPage(env.browser);
  const posts = [];
  page.on('request', (request) => { if (request.method() === 'POST') posts.push(request.url()); });
  await page.goto(`${env.shop.url}/fixtures/no-endpoint.html`);
  await dialog(page).waitFor();
  assert.equal(await page.locator('doorman-widget').getAttribute('dir'), 'rtl');
  assert.equal(await dialog(page).locator('h2').textContent(), 'شحن مجاني لطلبك الأول');
  await dialog(page).locator('input[type=email]').fill('rtl@example.com');
  await dialog(page).locator('button[type=submit]').click();
  assert.equal(await dialog(page).locator('output.code').textContent(), 'SHIPFREE');
  assert.equal(await dialog(page).locator('a.apply').isVisible(), false, 'no Shopify, no discount link');
  await page.screenshot({ path: screenshotPath('welcome-rtl') });
  assert.deepEqual(posts, []);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('the demo storefront runs the welcome popup, and its inbox shows the sign-up', async () => {
  const page = await openPage(env.browser, { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
  await page.goto(`${env.shop.url}/`);
  await page.locator('.product .add').first().click();
  await page.waitForFunction(() => document.querySelector('.cart-count').textContent === '1');
  await dialog(page).waitFor({ timeout: 10_000 });
  await page.screenshot({ path: screenshotPath('welcome-phone') });
  await dialog(page).locator('input[type=email]').fill('demo@example.com');
  await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('output.code').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.inbox td', { hasText: 'demo@example.com' }).waitFor({ timeout: 10_000 });
  assert.equal(env.shop.query("SELECT count(*) AS n FROM signups WHERE email = 'demo@example.com'")[0].n, 1);
  assert.deepEqual(page.pageErrors, []);
  assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'error'), []);
  await page.context().close();
});
