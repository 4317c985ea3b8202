// End to end: the exit-intent cart saver on the demo store and a fixture page, on desktop and
// under phone emulation, with the saved cart checked in the shop's database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armed, dialog, leaveThroughTheTop, openPage, screenshotPath, scrollDownThenFlickUp, useShop } from './shop.mjs';

const env = useShop();
const PHONE = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true };

async function addToCart(page, ...variants) {
  await page.evaluate(async (ids) => {
    for (const id of ids) {
      await fetch('/cart/add.js', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, quantity: 1 }) });
    }
  }, variants);
}

const cartOf = (page) => page.evaluate(() => fetch('/cart.js').then((r) => r.json()));

test('on the demo store: two products, the pointer leaves through the top, the cart is saved and its link rebuilds it', async () => {
  const page = await openPage(env.browser);
  // A returning visitor who closed the welcome popup today.
  await page.addInitScript(() => localStorage.setItem('doorman:visitor', JSON.stringify({ welcome_closed_at: Date.now() })));
  await page.goto(`${env.shop.url}/`);
  const buttons = page.locator('.product .add');
  await buttons.nth(0).click();
  await page.waitForFunction(() => document.querySelector('.cart-count').textContent === '1');
  await buttons.nth(2).click();
  await page.waitForFunction(() => document.querySelector('.cart-count').textContent === '2');
  await armed(page);
  await page.waitForTimeout(2_200); // the demo arms exit intent after 2 s on the page
  await leaveThroughTheTop(page);
  await dialog(page).waitFor();
  assert.equal(await dialog(page).locator('h2').textContent(), 'Save your cart?');
  assert.match(await dialog(page).locator('#intro').textContent(), /Plus: free shipping when you come back\./);
  await page.screenshot({ path: screenshotPath('exit-desktop') });
  await dialog(page).locator('input[type=email]').fill('leaving@example.com');
  await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('.result-text', { hasText: 'Saved!' }).waitFor();
  assert.equal(await dialog(page).locator('output.code').textContent(), 'FREESHIP');

  const rows = await env.shop.rows("SELECT * FROM signups WHERE email = 'leaving@example.com'");
  assert.equal(rows.length, 1, 'the saved cart is in the shop database');
  const [row] = rows;
  assert.equal(row.campaign, 'exit');
  assert.equal(row.offer_code, 'FREESHIP');
  const cart = JSON.parse(row.cart);
  assert.deepEqual(cart.items.map((i) => [i.variant_id, i.quantity, i.title, i.unit_price]), [
    [40001, 1, 'Stoneware Mug', 1900],
    [40003, 1, 'Olive Wood Board', 4500],
  ]);
  assert.equal(cart.currency, 'EUR');
  assert.equal(cart.total, 6400);
  assert.equal(row.restore_url, `${env.shop.url}/cart/40001:1,40003:1?discount=FREESHIP`);

  // The shop shows the saved cart with its link.
  await page.keyboard.press('Escape');
  await page.locator('.inbox a', { hasText: '2 items' }).waitFor({ timeout: 10_000 });

  const fresh = await openPage(env.browser);
  await fresh.goto(row.restore_url);
  await fresh.waitForURL(`${env.shop.url}/?cart=restored`);
  const restored = await cartOf(fresh);
  assert.deepEqual(restored.items.map((i) => [i.variant_id, i.quantity]), [[40001, 1], [40003, 1]]);
  assert.deepEqual(restored.discount_codes, [{ code: 'FREESHIP', applicable: true }]);
  assert.equal(await fresh.locator('#cart').isVisible(), true, 'the storefront opens the restored cart');
  assert.deepEqual(page.pageErrors, []);
  await fresh.context().close();
  await page.context().close();
});

test('coming back inside the delay cancels, and a signed-up shopper saves with one click', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => {
    if (!localStorage.getItem('doorman:visitor')) localStorage.setItem('doorman:visitor', JSON.stringify({ email: 'known@example.com' }));
  });
  await page.goto(`${env.shop.url}/fixtures/exit.html`);
  await addToCart(page, 40004);
  await armed(page); // a busy machine starts the widget later than the wait below
  await page.waitForTimeout(700);
  await leaveThroughTheTop(page);
  await page.mouse.move(400, 300); // back within the 200 ms delay
  await page.waitForTimeout(600);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'a return inside the delay cancels');
  await leaveThroughTheTop(page);
  await dialog(page).waitFor();
  assert.equal(await dialog(page).locator('input[type=email]').inputValue(), 'known@example.com');
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('.result-text', { hasText: 'Saved!' }).waitFor();
  assert.equal((await env.shop.rows("SELECT id FROM signups WHERE email = 'known@example.com'")).length, 1);
  await page.keyboard.press('Escape');
  await leaveThroughTheTop(page);
  await page.waitForTimeout(600);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'at most once per page view');
  await page.reload();
  await armed(page);
  await page.waitForTimeout(700);
  await leaveThroughTheTop(page);
  await page.waitForTimeout(600);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'capped after the cart was saved');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('with an empty cart nothing fires, and no views are fetched; with items they come ahead of the prompt', async () => {
  const page = await openPage(env.browser);
  const views = [];
  page.on('request', (request) => { if (request.url().includes('doorman-views.wasm')) views.push(Date.now()); });
  // A second's delay between the pointer leaving and the prompt, to tell the head start from the prompt.
  await page.route((url) => url.pathname === '/fixtures/exit.html', async (route) => {
    const response = await route.fetch();
    route.fulfill({ response, body: (await response.text()).replace('data-exit-delay="200ms"', 'data-exit-delay="1s"') });
  });
  await page.goto(`${env.shop.url}/fixtures/exit.html`);
  await page.waitForFunction(() => window.Doorman);
  await armed(page);
  await page.waitForTimeout(700);
  await leaveThroughTheTop(page);
  await page.waitForTimeout(1_800);
  assert.equal(await page.locator('doorman-widget').count(), 0);
  assert.deepEqual(views, [], 'an empty cart fetches no views, not even ahead of the delay');
  // Items added later count: the cart is read when the shopper leaves, not at load.
  await addToCart(page, 40005);
  await page.mouse.move(400, 300);
  await page.mouse.move(400, 5);
  await page.mouse.move(400, -30);
  await dialog(page).waitFor();
  const shown = Date.now();
  assert.equal(views.length, 1, 'fetched once');
  assert.ok(shown - views[0] >= 500, `fetched ${shown - views[0]} ms before the prompt showed: ahead of it, in the delay`);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a pointer back on the page before slow views arrive drops the prompt; the next exit offers it', async () => {
  // A tester's case: the views took 3 s, the pointer came back after 800 ms, and the prompt opened
  // 2.5 s later over a shopper who had stayed.
  const page = await openPage(env.browser);
  let slow = true;
  await page.route('**/doorman-views.wasm*', async (route) => {
    if (slow) await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue().catch(() => {});
  });
  await page.goto(`${env.shop.url}/fixtures/exit.html`);
  await addToCart(page, 40001);
  await armed(page);
  await armed(page);
  await page.waitForTimeout(700);
  await leaveThroughTheTop(page);
  await page.waitForTimeout(800);
  await page.mouse.move(400, 300);
  await page.waitForTimeout(3_500);
  assert.equal(await dialog(page).count(), 0, 'not shown over a shopper who stayed');
  slow = false;
  await leaveThroughTheTop(page);
  await dialog(page).waitFor({ timeout: 3_000 });
  assert.equal(await dialog(page).locator('h2').textContent(), 'Save your cart?');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('on a phone, a fast scroll back up after scrolling down offers to save the cart', async () => {
  const page = await openPage(env.browser, PHONE);
  await page.goto(`${env.shop.url}/fixtures/exit.html`);
  await addToCart(page, 40001, 40002);
  // Armed before the swipes (the prompt weighs the scroll down it saw), and past data-exit-min-time.
  await armed(page);
  await armed(page);
  await page.waitForTimeout(700);
  await scrollDownThenFlickUp(page, {
    before: async () => assert.equal(await page.locator('doorman-widget').count(), 0, 'scrolling down is not leaving'),
  });
  await dialog(page).waitFor({ timeout: 3_000 });
  await page.screenshot({ path: screenshotPath('exit-phone') });
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('on a phone with an empty cart, the same scroll does nothing, and fetches no views', async () => {
  const page = await openPage(env.browser, PHONE);
  const wasm = [];
  page.on('request', (request) => { if (request.url().includes('.wasm')) wasm.push(new URL(request.url()).pathname.split('/').pop()); });
  await page.goto(`${env.shop.url}/fixtures/exit.html`);
  await armed(page);
  await armed(page);
  await page.waitForTimeout(700);
  await scrollDownThenFlickUp(page);
  await page.waitForTimeout(800);
  assert.equal(await page.locator('doorman-widget').count(), 0);
  assert.deepEqual(wasm, ['doorman.wasm'], 'an empty cart is weighed without the views');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('coming back to the tab after switching away offers to save the cart', async () => {
  const page = await openPage(env.browser, PHONE);
  await page.goto(`${env.shop.url}/fixtures/exit.html`);
  await addToCart(page, 40006);
  await armed(page);
  await page.waitForTimeout(700);
  const other = await page.context().newPage();
  await other.goto(`${env.shop.url}/fixtures/welcome.html`);
  // Headless tabs are all "visible"; tell the page what a real tab switch tells it.
  for (const state of ['hidden', 'visible']) {
    await page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { value, configurable: true });
      Object.defineProperty(document, 'hidden', { value: value === 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  }
  await dialog(page).waitFor({ timeout: 3_000 });
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

/** On the other-platform fixture: the theme hands over `cart` by `Doorman.setCart`, the pointer
 * leaves, and `email` saves it. Returns the page, with the "Saved!" result showing. */
/** Saves `cart`, handed over by `Doorman.setCart`; `detached`, as a promise's callback beside
 * the theme's own `window.cart` (a merchant's trial: it replaced the theme's cart). */
async function saveHandedCart(cart, email, { detached = false } = {}) {
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/fixtures/exit-other-platform.html`);
  await page.waitForFunction(() => window.Doorman);
  if (detached) {
    assert.equal(await page.evaluate(async (cart) => {
      window.cart = { theme: true };
      await Promise.resolve(cart).then(window.Doorman.setCart);
      return JSON.stringify(window.cart);
    }, cart), '{"theme":true}', 'the theme\'s window.cart stays its own');
  } else {
    await page.evaluate((cart) => window.Doorman.setCart(cart), cart);
  }
  // The exit prompt listens once the widget has armed it (a busy full run armed it after 300 ms).
  await armed(page);
  await page.waitForTimeout(300);
  await leaveThroughTheTop(page);
  await dialog(page).waitFor();
  await dialog(page).locator('input[type=email]').fill(email);
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('.result-text', { hasText: 'Saved!' }).waitFor();
  return page;
}

test('other platforms hand over the cart by attribute or by Doorman.setCart, and restore through their template', async () => {
  // The theme's cart changed after the page was rendered: its script tells Doorman.
  const page = await saveHandedCart({
    currency: 'GBP',
    items: [{ id: 501, quantity: 1, title: 'Wool Scarf', price: 3900 }, { id: 502, quantity: 2, title: 'Mittens', price: 1500 }],
  }, 'scarf@example.com');
  assert.equal(await dialog(page).locator('a.apply').isVisible(), false, 'no Shopify discount link elsewhere');
  const [row] = await env.shop.rows("SELECT cart, restore_url FROM signups WHERE email = 'scarf@example.com'");
  const cart = JSON.parse(row.cart);
  assert.deepEqual(cart.items.map((i) => [i.variant_id, i.quantity]), [[501, 1], [502, 2]]);
  assert.equal(cart.currency, 'GBP');
  assert.equal(cart.total, 6900);
  assert.equal(row.restore_url, 'https://shop.example/restore?items=501:1,502:2&code=COMEBACK');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('cart titles with line breaks, tabs or past 200 characters are saved as plain text, and the sign-up reaches the shop (the cart handed over by a detached Doorman.setCart)', async () => {
  const long = 'Ä'.repeat(255); // Shopify's titles run to 255 characters
  const page = await saveHandedCart({
    currency: 'GBP',
    items: [{ id: 501, quantity: 1, title: 'Wool\nScarf\t(red)\u0007', price: 3900 }, { id: 502, quantity: 1, title: long, price: 1500 }],
  }, 'titles@example.com', { detached: true });
  const [row] = await env.shop.rows("SELECT cart FROM signups WHERE email = 'titles@example.com'");
  assert.ok(row, 'the shop stored the sign-up');
  assert.deepEqual(JSON.parse(row.cart).items.map((i) => i.title), ['Wool Scarf (red)', 'Ä'.repeat(200)]);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('the prompt names the cart total only with a currency code; one that is not a code gets one warning', async () => {
  // Found by a merchant's trial: "EURO" left the total out without a word. The family: no
  // currency at all (a bare list, as documented: no total, no warning), a code in any case, and
  // values that are not codes.
  const cases = [
    [undefined, null, false],
    ['', null, false],
    ['eur', 'Your cart: €39.00.', false],
    ['GBP', 'Your cart: £39.00.', false],
    ['EURO', null, true],
    ['€', null, true],
    ['US', null, true],
  ];
  for (const [currency, total, warned] of cases) {
    const page = await openPage(env.browser);
    await page.goto(`${env.shop.url}/fixtures/exit-other-platform.html`);
    await page.waitForFunction(() => window.Doorman);
    await page.evaluate((currency) => {
      const items = [{ id: 501, quantity: 1, title: 'Wool Scarf', price: 3900 }];
      window.Doorman.setCart(currency === undefined ? items : { currency, items });
    }, currency);
    await armed(page);
    await page.waitForTimeout(300);
    await leaveThroughTheTop(page);
    await dialog(page).waitFor();
    const intro = await dialog(page).locator('#intro').textContent();
    if (total) assert.ok(intro.endsWith(total), `${currency}: ${intro}`);
    else assert.doesNotMatch(intro, /Your cart/, `${currency}: ${intro}`);
    const warnings = page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    assert.deepEqual(warnings, warned
      ? [`Doorman: the cart's currency "${currency}" is not an ISO 4217 code such as EUR, so the exit prompt leaves out the cart's total.`]
      : [], `${currency}`);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  }
});

test('the data-cart attribute alone is enough for the prompt', async () => {
  const page = await openPage(env.browser);
  const posts = [];
  page.on('request', (request) => { if (request.url().endsWith('/cart.js')) posts.push(request.url()); });
  await page.goto(`${env.shop.url}/fixtures/exit-other-platform.html`);
  await page.waitForFunction(() => window.Doorman);
  await armed(page);
  await page.waitForTimeout(300);
  await leaveThroughTheTop(page);
  await dialog(page).waitFor();
  assert.deepEqual(posts, [], 'no /cart.js request off Shopify');
  await page.context().close();
});

test('a data-cart that is not a list of items says so once each exit and shows nothing; a list of unusable items shows nothing and watches on', async () => {
  for (const [name, cart, said] of [
    ['not JSON', '[{"id": 501', true],
    ['an object without a list of items', '{"items": "Wool Scarf"}', true],
    ['an empty list', '[]', false],
    ['items without an id', '[{"title": "Wool Scarf", "quantity": 1}]', false],
  ]) {
    const page = await openPage(env.browser);
    await page.route((url) => url.pathname === '/fixtures/exit-other-platform.html', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/data-cart='[^']*'/, `data-cart='${cart}'`);
      route.fulfill({ response, body });
    });
    await page.goto(`${env.shop.url}/fixtures/exit-other-platform.html`);
    await page.waitForFunction(() => window.Doorman);
    await armed(page);
    await page.waitForTimeout(300);
    await leaveThroughTheTop(page);
    await page.waitForTimeout(1_000);
    assert.equal(await page.locator('doorman-widget').count(), 0, name);
    const warnings = page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    assert.deepEqual(warnings, said ? ['Doorman: data-cart is not a JSON list of cart items; the exit prompt needs a cart.'] : [], name);
    // The prompt watches on: a cart handed over later is offered at the next exit.
    await page.evaluate(() => window.Doorman.setCart([{ id: 502, quantity: 2, title: 'Mittens', price: 1900 }]));
    await page.mouse.move(400, 300);
    await leaveThroughTheTop(page);
    await dialog(page).waitFor({ timeout: 5_000 });
    assert.deepEqual(page.pageErrors, [], name);
    await page.context().close();
  }
});

test('Doorman.setCart given no cart says so once each exit and shows nothing; null hands the cart back to the page', async () => {
  // A tester's calls: setCart("not a cart") and the like were silent.
  for (const [name, cart, said] of [
    ['a string', 'not a cart', true],
    ['a number', 42, true],
    ['an object without a list of items', { items: 'Wool Scarf', currency: 'EUR' }, true],
    ['unusable items', { items: [{ variant_id: 'abc', quantity: -2, title: 5, final_price: '19.00' }], currency: 'EUR' }, false],
    ['null: no cart handed over, data-cart reads as before', null, false],
  ]) {
    const page = await openPage(env.browser);
    await page.route((url) => url.pathname === '/fixtures/exit-other-platform.html', async (route) => {
      const response = await route.fetch();
      route.fulfill({ response, body: (await response.text()).replace(/data-cart='[^']*'/, "data-cart='[]'") });
    });
    await page.goto(`${env.shop.url}/fixtures/exit-other-platform.html`);
    await page.waitForFunction(() => window.Doorman);
    await page.evaluate((value) => window.Doorman.setCart(value), cart);
    await armed(page);
    await page.waitForTimeout(300);
    await leaveThroughTheTop(page);
    await page.waitForTimeout(1_000);
    assert.equal(await page.locator('doorman-widget').count(), 0, name);
    const warnings = page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    const message = 'Doorman: Doorman.setCart was given no cart (a list of items, or an object with items); the exit prompt needs one.';
    assert.deepEqual(warnings, said ? [message] : [], name);
    await page.evaluate(() => window.Doorman.setCart([{ id: 502, quantity: 2, title: 'Mittens', price: 1900 }]));
    await page.mouse.move(400, 300);
    await leaveThroughTheTop(page);
    await dialog(page).waitFor({ timeout: 5_000 });
    assert.deepEqual(page.pageErrors, [], name);
    await page.context().close();
  }
});

test('once the views are here, the pointer leaving reads the cart only when the prompt fires', async () => {
  const page = await openPage(env.browser);
  const carts = [];
  page.on('request', (request) => { if (new URL(request.url()).pathname === '/cart.js') carts.push(Date.now()); });
  await page.goto(`${env.shop.url}/fixtures/exit.html`);
  await page.waitForFunction(() => window.Doorman);
  await page.evaluate(() => window.Doorman.preview('welcome'));
  await dialog(page).waitFor();
  await page.keyboard.press('Escape');
  await armed(page);
  await page.waitForTimeout(700);
  await leaveThroughTheTop(page);
  await page.waitForTimeout(800);
  assert.equal(carts.length, 1, 'read once, when the prompt fired: no read ahead, the views being here');
  assert.equal(await page.locator('doorman-widget').count(), 0, 'an empty cart');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});
