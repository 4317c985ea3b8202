// End to end: the demo page as a merchant uses it — the configurator, previews of every campaign
// (screenshots on desktop and phone for review), the tag to copy, and the inbox.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openPage, screenshotPath, useShop } from './shop.mjs';
import { serveOrigin } from './origin.mjs';

// A blank page on an origin of its own, where the copied tag is pasted; the shop lets that
// storefront origin post sign-ups, as a merchant's own endpoint lets their shop's.
let pasted = null;
const other = await serveOrigin((url) => (url.pathname === '/blank.html' && pasted ? { body: pasted } : null));
after(() => other.close());
const env = useShop({ origins: ['https://shop.example', other.url] });
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** The demo for a visitor who closed the welcome popup today, so nothing opens by itself. */
async function openDemo(options = {}) {
  const page = await openPage(env.browser, options);
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('demo-test')) {
      sessionStorage.setItem('demo-test', '1');
      localStorage.setItem('doorman:visitor', JSON.stringify({ welcome_closed_at: Date.now() }));
    }
  });
  await page.goto(`${env.shop.url}/`);
  await page.locator('.controls .control').first().waitFor();
  await page.waitForFunction(() => window.Doorman);
  return page;
}

async function preview(page, campaign) {
  await page.locator(`[data-preview="${campaign}"]`).click();
  await dialog(page).waitFor();
  // Let the opening animation finish, so screenshots show the dialog as the shopper sees it.
  await dialog(page).evaluate((node) => Promise.all(node.getAnimations().map((a) => a.finished)));
}

const assertNoErrors = (page) => {
  assert.deepEqual(page.pageErrors, []);
  assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'error'), []);
};

test('the configurator has a control for every attribute, from the widget\'s own table', async () => {
  const page = await openDemo();
  const attributes = await page.evaluate(() => fetch('/demo/attributes.json').then((r) => r.json()));
  assert.ok(attributes.length >= 29);
  const labels = await page.locator('.controls label').allTextContents();
  assert.deepEqual(labels, attributes.map((a) => `data-${a.name}`));
  assert.equal(await page.locator('#attribute-welcome').inputValue(), '15%', 'shows the tag\'s current value');
  assertNoErrors(page);
  await page.context().close();
});

test('changing a control re-mounts the widget with the new setting at once', async () => {
  const page = await openDemo();
  await page.locator('#attribute-welcome').selectOption('20%');
  await page.locator('#attribute-lang').selectOption('de');
  await preview(page, 'welcome');
  assert.equal(await dialog(page).locator('h2').textContent(), '20\u00a0% Rabatt auf Ihre erste Bestellung', 'German writes the percentage with a no-break space (Intl)');
  await page.keyboard.press('Escape');
  await page.locator('#attribute-accent').fill('#7c3aed');
  await page.locator('#attribute-accent').press('Tab');
  await preview(page, 'welcome');
  const accent = await dialog(page).locator('button[type=submit]').evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(accent, 'rgb(124, 58, 237)');
  assertNoErrors(page);
  await page.context().close();
});

test('each campaign previews on desktop and phone (screenshots for review)', async () => {
  for (const [device, options] of [['desktop', {}], ['phone', PHONE]]) {
    const page = await openDemo(options);
    for (const [campaign, title] of [['welcome', '15% off your first order'], ['exit', 'Save your cart?'], ['wheel', 'Spin to win!'], ['scratch', 'Scratch & win!']]) {
      await preview(page, campaign);
      assert.equal(await dialog(page).locator('h2').textContent(), title, `${campaign} on ${device}`);
      const box = await dialog(page).boundingBox();
      const viewport = page.viewportSize();
      assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `${campaign} fits the ${device} screen`);
      await page.screenshot({ path: screenshotPath(`preview-${campaign}-${device}`) });
      await page.keyboard.press('Escape');
    }
    const overflow = await page.evaluate((width) => document.documentElement.scrollWidth - width, page.viewportSize().width);
    assert.ok(overflow <= 0, `no sideways scrolling on the ${device} (${overflow} px)`);
    await page.screenshot({ path: screenshotPath(`demo-${device}`), fullPage: device === 'phone' });
    assertNoErrors(page);
    await page.context().close();
  }
});

test('the copied tag, pasted into a page on another origin, reports to this shop and its inbox', async () => {
  const page = await openDemo();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const before = await page.locator('.tag').textContent();
  assert.doesNotMatch(before, /data-exit-min-time|data-welcome-delay/, 'the demo\'s short waits are not for copying');
  // Previews of other campaigns run, but the tag to copy stays what the merchant set.
  for (const campaign of ['wheel', 'exit']) {
    await preview(page, campaign);
    await page.keyboard.press('Escape');
  }
  assert.equal(await page.locator('.tag').textContent(), before, 'previews do not change the tag to copy');
  await page.locator('#attribute-welcome').selectOption('20%');
  await page.locator('#attribute-welcome-delay').selectOption('0');
  await page.locator('#attribute-welcome-code').fill('PASTED20');
  await page.locator('#attribute-welcome-code').press('Tab');
  await page.locator('.copy-tag').click();
  await page.locator('.copy-status', { hasText: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await page.locator('.tag').textContent());
  assert.ok(copied.startsWith(`<script src="${env.shop.url}/doorman/doorman.js" defer\n`), copied);
  assert.ok(copied.includes(`data-endpoint="${env.shop.url}/apps/doorman/signups"`), 'an absolute endpoint');
  assert.match(copied, /data-welcome="20%"/);
  assert.doesNotMatch(copied, /data-game|data-prizes|data-exit-min-time/);
  await page.context().close();

  // A blank page on an origin of its own: the tag alone brings the same popup, reporting here.
  pasted = `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<title>Blank</title>\n${copied}\n</head>\n<body><h1>A blank theme</h1></body>\n</html>\n`;
  try {
    const blank = await openPage(env.browser);
    await blank.goto(`${other.url}/blank.html`);
    await dialog(blank).waitFor();
    assert.equal(await dialog(blank).locator('h2').textContent(), '20% off your first order');
    await dialog(blank).locator('input[type=email]').fill('pasted@example.com');
    await dialog(blank).locator('input[type=checkbox]').check();
    await dialog(blank).locator('button[type=submit]').click();
    await dialog(blank).locator('output.code').waitFor();
    const rows = await env.shop.rows("SELECT offer_code, page FROM signups WHERE email = 'pasted@example.com'");
    assert.deepEqual(rows, [{ offer_code: 'PASTED20', page: `${other.url}/blank.html` }]);
    assertNoErrors(blank);
    await blank.context().close();
  } finally {
    pasted = null;
  }
  const inbox = await openDemo();
  await inbox.locator('.inbox td', { hasText: 'pasted@example.com' }).waitFor({ timeout: 10_000 });
  await inbox.context().close();
});

test('targeting and A/B variants are set from the configurator, shown live and in the tag to copy', async () => {
  const page = await openDemo();
  // Targeting: a field for each rule, in the tag at once.
  await page.locator('#attribute-devices').selectOption('desktop');
  await page.locator('#attribute-welcome-visitors').selectOption('new');
  await page.locator('#attribute-skip-pages').fill('/pages/about /blogs/*');
  await page.locator('#attribute-skip-pages').press('Tab');
  // A second offer and its code: one variant each, split 50/50.
  await page.locator('#ab-attribute').selectOption('welcome');
  await page.locator('#ab-value').fill('10%');
  await page.locator('.ab-add').click();
  // Adding a variant draws the fields anew: what is typed before that is drawn over.
  await page.waitForFunction(() => document.querySelector('#attribute-welcome')?.value === '15% || 10%');
  await page.locator('#attribute-welcome-code').fill('WELCOME15 || WELCOME10');
  await page.locator('#attribute-welcome-code').press('Tab');
  await page.locator('#attribute-variant-split').fill('50,50');
  await page.locator('#attribute-variant-split').press('Tab');
  assert.equal(await page.locator('#attribute-welcome').inputValue(), '15% || 10%', 'the field shows both alternatives');
  const copied = await page.locator('.tag').textContent();
  for (const expected of ['data-devices="desktop"', 'data-welcome-visitors="new"', 'data-skip-pages="/pages/about /blogs/*"',
    'data-welcome="15% || 10%"', 'data-welcome-code="WELCOME15 || WELCOME10"', 'data-variant-split="50,50"',
    `data-views="${env.shop.url}/apps/doorman/views"`]) {
    assert.ok(copied.includes(expected), `${expected} in ${copied}`);
  }
  // The live preview shows this visitor's variant, and says which it is.
  await preview(page, 'welcome');
  const status = await page.locator('.variant-status').textContent();
  const variant = status.match(/variant ([ab]) \(welcome\)/)?.[1];
  assert.ok(variant, status);
  assert.match(await dialog(page).locator('h2').textContent(), variant === 'a' ? /^15% off/ : /^10% off/);
  assert.equal(await page.locator('.controls .warning').count(), 0, 'no field is wrong');
  assertNoErrors(page);
  await page.context().close();
});

test('a value the widget cannot use is pointed out beside its field, with the widget\'s own words', async () => {
  const page = await openDemo();
  await page.locator('#attribute-accent').fill('red');
  await page.locator('#attribute-accent').press('Tab');
  const warning = page.locator('#attribute-accent-warning');
  await warning.waitFor();
  assert.equal(await warning.textContent(), 'Doorman: data-accent="red" is not valid: expected a hex colour such as #0b7a75 or #f60; using #0b7a75.');
  assert.equal(await page.locator('#attribute-accent').getAttribute('aria-describedby'), 'attribute-accent-doc attribute-accent-warning');
  await page.locator('#attribute-accent').fill('#f60');
  await page.locator('#attribute-accent').press('Tab');
  await page.locator('#attribute-welcome-code').fill('NOT A CODE!');
  await page.locator('#attribute-welcome-code').press('Tab');
  await page.locator('#attribute-welcome-code-warning').waitFor();
  assert.equal(await warning.count(), 0, 'a corrected value loses its warning');
  assert.match(await page.locator('.tag').textContent(), /data-accent="#f60"/);
  await page.context().close();
});

test('the merchant\'s own words, picture and font: each change opens its dialog, and the tag carries them', async () => {
  const page = await openDemo();
  await page.route(`${env.shop.url}/fixtures/banner.svg`, (route) => route.fulfill({
    contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="600" height="300" fill="#0b7a75"/></svg>',
  }));
  /** Types `value` into the control of `name`; the campaign's dialog opens with it. */
  const set = async (name, value) => {
    const control = page.locator(`#attribute-${name}`);
    if (await control.evaluate((node) => node.tagName === 'SELECT')) await control.selectOption(value);
    else {
      await control.fill(value);
      await control.press('Tab');
    }
    await dialog(page).waitFor();
    await dialog(page).evaluate((node) => Promise.all(node.getAnimations().map((a) => a.finished)));
  };
  const title = '<b>Join</b> the Hearth club';
  for (const [name, value] of [['welcome-title', title], ['welcome-text', 'Members hear first about new pots.'],
    ['welcome-button', 'Count me in'], ['welcome-image', '/fixtures/banner.svg'], ['font', 'inherit']]) {
    await set(name, value);
    assert.equal(await dialog(page).locator('h2').textContent(), title, `after ${name}: the title, as text`);
    await page.keyboard.press('Escape');
  }
  await set('welcome-success', 'Welcome aboard!');
  assert.equal(await dialog(page).locator('#intro').textContent(), 'Members hear first about new pots.');
  assert.equal(await dialog(page).locator('button[type=submit]').textContent(), 'Count me in');
  assert.equal(await dialog(page).locator('img.image').getAttribute('alt'), title);
  const fonts = await dialog(page).evaluate((node) => [getComputedStyle(node).fontFamily, getComputedStyle(document.body).fontFamily]);
  assert.equal(fonts[0], fonts[1], 'data-font="inherit": the storefront\'s own font');
  assert.match(fonts[0], /^Georgia/);
  await dialog(page).locator('input[type=email]').fill('own-words-demo@example.com');
  await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('output.code').waitFor();
  assert.equal(await dialog(page).locator('.result-text').textContent(), 'Welcome aboard!');
  await page.screenshot({ path: screenshotPath('configurator-own-words') });
  await page.keyboard.press('Escape');
  await set('exit-title', 'Keep your picks?');
  assert.equal(await dialog(page).locator('h2').textContent(), 'Keep your picks?', 'the cart saver\'s own title');
  await page.keyboard.press('Escape');
  await set('game-title', 'Try your luck');
  assert.equal(await dialog(page).locator('h2').textContent(), 'Try your luck', 'the wheel\'s own title');
  await page.keyboard.press('Escape');

  const copied = await page.locator('.tag').textContent();
  for (const line of ['data-welcome-title="&lt;b>Join&lt;/b> the Hearth club"', 'data-welcome-text="Members hear first about new pots."',
    'data-welcome-button="Count me in"', 'data-welcome-success="Welcome aboard!"', 'data-welcome-image="/fixtures/banner.svg"',
    'data-font="inherit"', 'data-exit-title="Keep your picks?"', 'data-game-title="Try your luck"']) {
    assert.ok(copied.includes(line), `the tag to copy has ${line}:\n${copied}`);
  }
  // Too long: the widget's warning shows beside the field, and the built-in title is back.
  await set('welcome-title', 'x'.repeat(81));
  assert.equal(await dialog(page).locator('h2').textContent(), '15% off your first order');
  await page.keyboard.press('Escape');
  assert.match(await page.locator('#attribute-welcome-title-warning').textContent(), /expected a title of at most 80 characters and 200 code points; using the built-in text\.$/);
  assertNoErrors(page);
  await page.context().close();
});

test('the inbox shows what the shop received and counts per campaign from the widget\'s events', async () => {
  const page = await openDemo();
  await preview(page, 'welcome');
  await dialog(page).locator('input[type=email]').fill('inbox@example.com');
  await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('output.code').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.inbox td', { hasText: 'inbox@example.com' }).waitFor({ timeout: 10_000 });
  const row = await page.locator('.counts tr', { hasText: 'welcome' }).locator('td').allTextContents();
  assert.deepEqual(row, ['1', '1', '1', '100%'], 'shown, closed after the code, signed up');
  await preview(page, 'exit');
  await page.keyboard.press('Escape');
  const exit = await page.locator('.counts tr', { hasText: 'exit' }).locator('td').allTextContents();
  assert.deepEqual(exit, ['1', '1', '0', '0%']);

  await page.locator('.reset').click();
  await page.locator('.reset-status', { hasText: 'forgotten' }).waitFor();
  // The restarted widget records its first page view (visits and the variant seed), nothing more.
  const visitor = await page.evaluate(() => JSON.parse(localStorage.getItem('doorman:visitor')));
  assert.deepEqual([visitor.visits, visitor.signed_up_at, visitor.welcome_closed_at, visitor.exit_closed_at, visitor.email, visitor.code], [1, null, null, null, null, null]);
  // A first-time visitor again: the welcome popup opens by itself after its delay.
  await dialog(page).waitFor({ timeout: 6_000 });
  assertNoErrors(page);
  await page.context().close();
});

test('the configurator and previews work with the keyboard alone', async () => {
  const page = await openDemo();
  await page.locator('[data-preview="welcome"]').focus();
  await page.keyboard.press('Enter');
  await dialog(page).waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.preview), 'welcome', 'focus returns to the button');
  await page.locator('#attribute-welcome').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.locator('#attribute-welcome').inputValue(), '15%');
  assertNoErrors(page);
  await page.context().close();
});

test('a product page from the grid adds to the cart, which the cart drawer shows from /cart.js', async () => {
  const page = await openDemo();
  await page.locator('.product h3 a', { hasText: 'Linen Apron' }).click();
  await page.waitForURL(/\/product\.html\?handle=linen-apron$/);
  await page.locator('.product-detail h1', { hasText: 'Linen Apron' }).waitFor();
  assert.equal(await page.title(), 'Linen Apron — Hearth & Co.');
  await page.locator('.product-detail .add').click();
  await page.waitForFunction(() => document.querySelector('.cart-count').textContent === '1');
  await page.locator('.cart-button').click();
  assert.match(await page.locator('.cart-lines').textContent(), /1 × Linen Apron — €34\.00/);
  assert.equal(await page.evaluate(() => typeof window.Doorman), 'object', 'the theme\'s tag runs on every page');
  assertNoErrors(page);
  await page.context().close();
});

test('after a preview of the cart saver, a real exit with an empty cart still shows nothing', async () => {
  const page = await openDemo();
  await page.locator('#attribute-exit-cap').selectOption('0');
  await page.locator('#attribute-exit-min-time').fill('0');
  await page.locator('#attribute-exit-min-time').press('Tab');
  await preview(page, 'exit');
  await page.keyboard.press('Escape');
  await page.mouse.move(400, 200);
  await page.mouse.move(400, -30);
  await page.waitForTimeout(800);
  assert.equal(await dialog(page).count(), 0, 'the preview does not lower the real rule');
  assertNoErrors(page);
  await page.context().close();
});
