// End to end: every text the shopper reads is true for the destinations configured. No email is
// promised when nothing will send one: a saved cart's link is shown to copy or bookmark instead.
// A revealed code is offered again on later pages until an order confirmation or 30 days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openPage, useShop } from './shop.mjs';

const env = useShop();
const CART = JSON.stringify([{ id: 40001, quantity: 2, title: 'Stoneware Mug', price: 1900 }]);

/** A page of the shop at `path` carrying the widget with `attributes`. */
async function visit(page, path, attributes) {
  const url = `${env.shop.url}${path}`;
  const html = `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<title>Promises</title>\n`
    + `<script src="/doorman/doorman.js" defer data-welcome-delay="0" ${attributes}></script>\n</head>\n<body><h1>Promises</h1></body>\n</html>\n`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
}

async function signUp(page, email) {
  await dialog(page).locator('input[type=email]').fill(email);
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('.result:not([hidden])').waitFor();
}

for (const [destinations, attributes, promised] of [
  ['no destination', '', false],
  ['Shopify\'s customer form alone', 'data-endpoint="shopify" data-platform="shopify"', false],
  ['a webhook that answers no code', 'data-endpoint="/hooks/plain"', true],
]) {
  test(`welcome without a code, ${destinations}: ${promised ? 'the email is promised' : 'no email is promised'}`, async () => {
    const page = await openPage(env.browser);
    // A merchant's own webhook that accepts the sign-up and answers no code of its own.
    await page.route(`${env.shop.url}/hooks/plain`, (route) => route.fulfill({ status: 201, contentType: 'application/json', body: '{}' }));
    await visit(page, '/promises/welcome.html', `data-welcome="free-shipping" ${attributes}`);
    await signUp(page, `promise-${promised}-${destinations.length}@example.com`);
    const text = await dialog(page).locator('.result-text').textContent();
    if (promised) assert.equal(text, 'You\'re in! Your code is on its way to your inbox.');
    else assert.equal(text, 'You\'re in! Thanks for signing up.');
    await page.context().close();
  });
}

test('a cart saved where nothing emails it: the link is shown to copy or bookmark, and it rebuilds the cart', async () => {
  const page = await openPage(env.browser);
  await visit(page, '/promises/cart.html', `data-endpoint="shopify" data-platform="shopify" data-welcome="off" data-exit="save-cart" data-exit-code="FREESHIP" data-cart='${CART}'`);
  await page.waitForFunction(() => window.Doorman);
  await page.evaluate(() => new Promise((resolve) => {
    const open = () => (window.Doorman.preview('exit'), document.querySelector('doorman-widget') ? resolve() : setTimeout(open, 100));
    open();
  }));
  // Before saving, too, nothing promises an email.
  assert.equal(await dialog(page).locator('#intro').textContent(), 'Leave your email and we\'ll give you a link to pick up right where you left off.');
  assert.equal(await dialog(page).locator('button[type=submit]').textContent(), 'Save my cart');
  await signUp(page, 'keeper@example.com');
  assert.equal(await dialog(page).locator('.result-text').textContent(), 'Saved! Copy or bookmark this link to get your cart back:');
  const link = `${env.shop.url}/cart/40001:2?discount=FREESHIP`;
  assert.equal(await dialog(page).locator('output.code').textContent(), link);
  const open = dialog(page).locator('a.apply');
  assert.equal(await open.textContent(), 'Open my saved cart');
  assert.equal(await open.getAttribute('href'), link);
  assert.doesNotMatch(await dialog(page).textContent(), /inbox/, 'no email is promised');
  // Its copy button copies the link and says so, in words for a link rather than a code.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const copy = dialog(page).locator('button.copy');
  assert.equal(await copy.textContent(), 'Copy link');
  await copy.click();
  await dialog(page).locator('.note', { hasText: 'Link copied' }).waitFor({ timeout: 5_000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await open.click();
  await page.waitForURL((url) => !url.pathname.startsWith('/cart/'));
  const cart = await page.evaluate(() => fetch('/cart.js').then((r) => r.json()));
  assert.deepEqual(cart.items.map((item) => [item.variant_id, item.quantity]), [[40001, 2]]);
  await page.context().close();
});

test('a cart saved where a webhook emails it: the prompt promises the email, in every language the same way', async () => {
  for (const [lang, submit, intro] of [['en', 'Email me my cart', 'We\'ll email you a link'], ['fi', 'Lähetä ostoskori sähköpostiini', 'Lähetämme sinulle linkin']]) {
    const page = await openPage(env.browser);
    await page.route(`${env.shop.url}/hooks/plain`, (route) => route.fulfill({ status: 201, contentType: 'application/json', body: '{}' }));
    await visit(page, `/promises/cart-emailed-${lang}.html`, `data-endpoint="/hooks/plain" data-welcome="off" data-exit="save-cart" data-cart='${CART}' data-lang="${lang}"`);
    await page.waitForFunction(() => window.Doorman);
    await page.evaluate(() => new Promise((resolve) => {
      const open = () => (window.Doorman.preview('exit'), document.querySelector('doorman-widget') ? resolve() : setTimeout(open, 100));
      open();
    }));
    assert.equal(await dialog(page).locator('button[type=submit]').textContent(), submit, lang);
    assert.ok((await dialog(page).locator('#intro').textContent()).startsWith(intro), lang);
    await page.context().close();
  }
});

test('without a clipboard the saved cart\'s link is selected for copying by hand, in words for a link', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await visit(page, '/promises/cart-by-hand.html', `data-welcome="off" data-exit="save-cart" data-cart='${CART}' data-lang="fi"`);
  await page.waitForFunction(() => window.Doorman);
  await page.evaluate(() => new Promise((resolve) => {
    const open = () => (window.Doorman.preview('exit'), document.querySelector('doorman-widget') ? resolve() : setTimeout(open, 100));
    open();
  }));
  assert.equal(await dialog(page).locator('button[type=submit]').textContent(), 'Tallenna ostoskorini');
  await signUp(page, 'keeper-by-hand@example.com');
  const copy = dialog(page).locator('button.copy');
  assert.equal(await copy.textContent(), 'Kopioi linkki');
  await copy.click();
  assert.equal(await dialog(page).locator('.note').textContent(), 'Valitse linkki ja kopioi se.');
  assert.equal(await page.evaluate(() => String(document.querySelector('doorman-widget').shadowRoot.getSelection?.() ?? getSelection())), await dialog(page).locator('output.code').textContent());
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a preview made before the triggers are armed shows no code tab behind its dialog, and the tab once it closes', async () => {
  const page = await openPage(env.browser);
  const attributes = 'data-endpoint="/apps/doorman/signups" data-welcome-code="WELCOME15"';
  await visit(page, '/promises/early-preview.html', attributes);
  await signUp(page, 'early-preview@example.com');
  await page.keyboard.press('Escape');
  // The next page previews the welcome popup as early as a page can.
  await page.addInitScript(() => addEventListener('DOMContentLoaded', () => window[Symbol.for('doorman')].preview('welcome')));
  await visit(page, '/products/early-preview', attributes);
  await dialog(page).waitFor();
  await page.waitForTimeout(1_000); // the task that arms the tabs runs right after the start's
  assert.equal(await page.locator('doorman-widget button.teaser').count(), 0, 'no tab behind the open dialog');
  assert.equal(await page.locator('doorman-widget').count(), 1);
  await page.keyboard.press('Escape');
  await page.locator('doorman-widget button.teaser').waitFor();
  assert.equal(await page.locator('doorman-widget button.teaser').count(), 1, 'the code is offered again once the preview closed');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a revealed code is offered again on later pages, and no longer after the order confirmation', async () => {
  const page = await openPage(env.browser);
  const attributes = 'data-endpoint="/apps/doorman/signups" data-welcome-code="WELCOME15" data-platform="shopify"';
  await visit(page, '/promises/first.html', attributes);
  await signUp(page, 'reminded@example.com');
  const code = dialog(page).locator('output.code');
  await page.waitForFunction(() => /^WELCOME-/.test(document.querySelector('doorman-widget').shadowRoot.querySelector('output.code').textContent));
  const issued = await code.textContent();
  await page.keyboard.press('Escape');
  await visit(page, '/products/any', attributes);
  const tab = page.locator('doorman-widget button.teaser');
  await tab.waitFor();
  assert.equal(await tab.textContent(), '★ Your code');
  assert.equal(await dialog(page).count(), 0, 'the popup itself stays away');
  await tab.click();
  await dialog(page).locator('output.code').waitFor();
  assert.equal(await dialog(page).locator('output.code').textContent(), issued, 'the shop\'s own code, as revealed');
  assert.equal(await dialog(page).locator('.result-text').textContent(), 'Here is your code again:');
  assert.equal(await dialog(page).locator('a.apply').getAttribute('href'), `/discount/${issued}?redirect=%2Fproducts%2Fany`);
  await page.keyboard.press('Escape');
  await visit(page, '/checkouts/c/abc123/thank-you', attributes);
  await page.waitForFunction(() => window.Doorman);
  await page.waitForTimeout(500);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'nothing on the order confirmation');
  await visit(page, '/collections/all', attributes);
  await page.waitForFunction(() => window.Doorman);
  await page.waitForTimeout(800);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'the code was used: no tab any more');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('data-code-reminder="off" offers nothing again, and a code older than 30 days is not offered', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      const day = 86_400_000;
      localStorage.setItem('doorman:visitor', JSON.stringify({ signed_up_at: Date.now() - 31 * day, code: 'OLD15', code_until: Date.now() - day }));
    }
  });
  await visit(page, '/promises/old.html', 'data-endpoint="/apps/doorman/signups"');
  await page.waitForFunction(() => window.Doorman);
  await page.waitForTimeout(800);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'expired');
  await page.evaluate(() => localStorage.setItem('doorman:visitor', JSON.stringify({ signed_up_at: Date.now(), code: 'NEW15', code_until: Date.now() + 86_400_000 })));
  await visit(page, '/promises/off.html', 'data-endpoint="/apps/doorman/signups" data-code-reminder="off"');
  await page.waitForFunction(() => window.Doorman);
  await page.waitForTimeout(800);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'switched off');
  await page.context().close();
});
