// End to end: the welcome popup on fixture pages served by the real preview shop, in Chromium,
// with every sign-up checked in the shop's SQLite database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openDialog, openPage, screenshotPath, useShop, waitFor } from './shop.mjs';

const env = useShop();

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const shadowActive = (page) => page.evaluate(() => {
  const active = document.querySelector('doorman-widget')?.shadowRoot?.activeElement;
  return active ? (active.id || active.className) : null;
});
const signupsFor = (email) => env.shop.query(`SELECT * FROM signups WHERE email = '${email}'`);


/** Records Doorman's window events from the very start of every page load. */
async function recordEvents(page) {
  await page.addInitScript(() => {
    window.doormanEvents = [];
    window.dataLayer = [];
    for (const step of ['shown', 'closed', 'signup']) {
      addEventListener(`doorman:${step}`, (event) => window.doormanEvents.push({ step, detail: event.detail }));
    }
  });
}

async function signUp(page, email, { consent = true } = {}) {
  await dialog(page).locator('input[type=email]').fill(email);
  if (consent) await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
}

function assertClean(page) {
  assert.deepEqual(page.pageErrors, [], 'nothing may throw into the host page');
  const errors = page.consoleMessages.filter((m) => m.type === 'error');
  assert.deepEqual(errors, [], 'no console errors');
}

test('the popup appears after the delay, as a labelled modal dialog with focus inside', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'invisible until the delay has passed');
  await dialog(page).waitFor();
  assert.equal(await dialog(page).getAttribute('aria-modal'), 'true');
  const title = await page.evaluate(() => {
    const root = document.querySelector('doorman-widget').shadowRoot;
    const id = root.querySelector('[role=dialog]').getAttribute('aria-labelledby');
    return root.getElementById(id).textContent;
  });
  assert.equal(title, '15% off your first order');
  assert.equal(await shadowActive(page), 'email', 'focus moves into the dialog');
  const hostStyles = await page.evaluate(() => document.querySelectorAll('style, link[rel=stylesheet]').length);
  assert.equal(hostStyles, 0, 'no global styles added to the host page');
  assert.equal(await page.evaluate(() => document.querySelector('doorman-widget').shadowRoot.mode), 'open');
  await page.screenshot({ path: screenshotPath('welcome-desktop') });
  assertClean(page);
  await page.context().close();
});

test('a consent text with line breaks and tabs is shown and stored as the page shows it: the sign-up reaches the shop', async () => {
  const page = await openPage(env.browser);
  await page.route((url) => url.pathname === '/fixtures/welcome.html', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/data-consent="[^"]*"/, 'data-consent="Yes, email me&#10;offers.&#13;&#10;&#9;Unsubscribe any time."');
    route.fulfill({ response, body });
  });
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await dialog(page).waitFor();
  assert.equal(await dialog(page).locator('label.consent').innerText(), 'Yes, email me offers. Unsubscribe any time.');
  await signUp(page, 'linebreak@example.com');
  await dialog(page).locator('output.code').waitFor();
  const [row] = await env.shop.rows("SELECT consent_text FROM signups WHERE email = 'linebreak@example.com'");
  assert.equal(row?.consent_text, 'Yes, email me offers. Unsubscribe any time.', 'stored, with the text that was shown');
  assertClean(page);
  await page.context().close();
});

test('a sign-up on a page whose URL is over the shop\'s 2,048 bytes reaches the shop, its page without the query', async () => {
  // An ad's tracking parameters: the whole sign-up was refused (422 on page), then set aside.
  const page = await openDialog(env, `/fixtures/welcome.html?gclid=${'a'.repeat(2100)}#top`);
  await signUp(page, 'longurl@example.com');
  await dialog(page).locator('output.code').waitFor();
  const [row] = await env.shop.rows("SELECT page FROM signups WHERE email = 'longurl@example.com'");
  assert.equal(row?.page, `${env.shop.url}/fixtures/welcome.html`);
  assertClean(page);
  await page.context().close();
});

test('an invalid email and a missing consent are refused, and nothing is reported', async () => {
  const page = await openDialog(env, '/fixtures/welcome.html');
  await signUp(page, 'ada@example', { consent: true });
  const error = dialog(page).locator('[role=alert]');
  assert.match(await error.textContent(), /valid email/);
  assert.equal(await dialog(page).locator('input[type=email]').getAttribute('aria-invalid'), 'true');
  await dialog(page).locator('input[type=checkbox]').uncheck();
  await signUp(page, 'refused@example.com', { consent: false });
  assert.match(await error.textContent(), /tick the box/);
  await page.waitForTimeout(500);
  assert.equal(signupsFor('refused@example.com').length, 0);
  assert.equal(await dialog(page).locator('input[type=email]').isVisible(), true, 'the form stays');
  assertClean(page);
  await page.context().close();
});

test('a valid sign-up reveals the shop\'s code, is stored with every field, and the code applies to the cart', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await dialog(page).waitFor();
  await signUp(page, ' Grace@Example.com ');
  const code = dialog(page).locator('output.code');
  await waitFor(async () => /^WELCOME-[0-9A-F]{8}$/.test(await code.textContent()));
  const shown = await code.textContent();

  const [row] = signupsFor('Grace@Example.com');
  assert.ok(row, 'the sign-up is in the shop database');
  assert.match(row.id, UUID_V4);
  assert.equal(row.shop, 'fixture-shop');
  assert.equal(row.campaign, 'welcome');
  assert.equal(row.consent_given, 1);
  assert.equal(row.consent_text, 'Yes, email me offers. Unsubscribe any time.');
  assert.equal(row.offer_label, '15% off your first order');
  assert.equal(row.offer_code, 'WELCOME15');
  assert.equal(row.issued_code, shown, 'the code shown is the one the shop issued');
  assert.equal(row.page, `${env.shop.url}/fixtures/welcome.html`);
  assert.match(row.locale, /^[a-z]{2}(-[A-Z]{2})?$/);
  assert.ok(Math.abs(Date.parse(row.timestamp) - Date.now()) < 60_000, `timestamp ${row.timestamp}`);

  const events = await page.evaluate(() => window.doormanEvents);
  assert.deepEqual(events.map((e) => e.step), ['shown', 'signup']);
  assert.equal(events[1].detail.signup.id, row.id);
  const dataLayer = await page.evaluate(() => window.dataLayer);
  assert.deepEqual(dataLayer, [
    { event: 'doorman_shown', doorman_campaign: 'welcome', doorman_variant: 'a' },
    { event: 'doorman_signup', doorman_campaign: 'welcome', doorman_variant: 'a' },
  ]);
  assert.equal(JSON.stringify(dataLayer).includes('@'), false, 'no email in the data layer');
  await page.screenshot({ path: screenshotPath('welcome-revealed') });

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await dialog(page).locator('button.copy').click();
  await dialog(page).locator('.note', { hasText: 'Code copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);

  const apply = dialog(page).locator('a.apply');
  assert.equal(await apply.getAttribute('href'), `/discount/${shown}?redirect=%2Ffixtures%2Fwelcome.html`);
  await apply.click();
  await page.waitForURL(`${env.shop.url}/fixtures/welcome.html`);
  const cart = await page.evaluate(() => fetch('/cart.js').then((r) => r.json()));
  assert.deepEqual(cart.discount_codes, [{ code: shown, applicable: true }]);

  await page.waitForTimeout(1_500);
  assert.equal(await dialog(page).count(), 0, 'never shown again after a sign-up');
  assert.equal(await page.locator('doorman-widget button.teaser').textContent(), '★ Your code', 'only the tab that offers the code again');
  assert.equal(signupsFor('Grace@Example.com').length, 1);
  assertClean(page);
  await page.context().close();
});

test('Escape closes, focus returns, Tab stays inside, and a reload respects the cap', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await page.focus('#before');
  await dialog(page).waitFor();
  for (let i = 0; i < 6; i += 1) {
    await page.keyboard.press('Tab');
    assert.notEqual(await shadowActive(page), null, `Tab ${i + 1} left the dialog`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.notEqual(await shadowActive(page), null, 'Shift+Tab left the dialog');
  // The page behind is out of reach as behind a modal dialog, though the dialog is not modal
  // (making a page inert restyles all of it): a click on the page lands on the overlay, focus a
  // page's script moves out comes back, and a click on the dialog's text keeps focus inside.
  assert.equal(await page.evaluate(() => document.elementFromPoint(5, 5)?.tagName), 'DOORMAN-WIDGET', 'the page is covered');
  await page.evaluate(() => document.getElementById('before').focus());
  assert.notEqual(await shadowActive(page), null, 'focus the page moved out came back');
  await dialog(page).locator('#intro').click();
  assert.notEqual(await shadowActive(page), null, 'a click on the text took focus out');
  for (const key of ['Shift+Tab', 'Tab']) {
    await dialog(page).locator('#intro').click();
    await page.keyboard.press(key);
    assert.notEqual(await shadowActive(page), null, `${key} after a click on the text left the dialog`);
  }
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('doorman-widget').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'before', 'focus returns');
  assert.deepEqual((await page.evaluate(() => window.doormanEvents)).map((e) => e.step), ['shown', 'closed']);

  await page.reload();
  await page.waitForTimeout(1_500);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'capped after a close');
  assertClean(page);
  await page.context().close();
});

test('the page is locked and the shown event sent after the frame that draws the dialog, before closed however soon it closes', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await dialog(page).waitFor();
  await page.keyboard.press('Escape');
  // The views are here now, so a preview opens the dialog in the same task.
  const soon = await page.evaluate(async () => {
    window.doormanEvents.length = 0;
    await window.Doorman.preview('welcome');
    const shown = document.querySelector('doorman-widget').shadowRoot.querySelector('[role=dialog]');
    const before = window.doormanEvents.map((e) => e.step);
    shown.querySelector('button.close').click();
    return { before, after: window.doormanEvents.map((e) => e.step) };
  });
  assert.deepEqual(soon, { before: [], after: ['shown', 'closed'] });
  // The frame that draws the dialog comes first, then the page's lock and the event, in a task
  // after it.
  const drawn = await page.evaluate(async () => {
    const overflow = () => getComputedStyle(document.documentElement).overflowY;
    window.doormanEvents.length = 0;
    await window.Doorman.preview('welcome');
    requestAnimationFrame(() => window.doormanEvents.push({ step: `frame (overflow ${overflow()})` }));
    const before = window.doormanEvents.map((e) => e.step);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    return { before, after: window.doormanEvents.map((e) => e.step), overflow: overflow() };
  });
  assert.deepEqual(drawn, { before: [], after: ['frame (overflow visible)', 'shown'], overflow: 'hidden' });
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('whatever ends a dialog before its first frame (a sign-up, a new preview, the page leaving or removing it, a restart) has shown sent first, once', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await dialog(page).waitFor();
  await page.keyboard.press('Escape');
  // Each opens the dialog by a preview (the views are here, so in the same task), ends it before
  // the frame that would draw it, and reads the events then and once two frames have passed.
  const ended = (end) => page.evaluate(async (end) => {
    const steps = () => window.doormanEvents.map((e) => e.step);
    window.doormanEvents.length = 0;
    await window.Doorman.preview('welcome');
    const host = [...document.querySelectorAll('doorman-widget')].find((element) => element.shadowRoot?.querySelector('[role=dialog]'));
    const ends = {
      signUp: () => {
        host.shadowRoot.querySelector('input[type=email]').value = 'first-frame@example.com';
        host.shadowRoot.querySelector('input[type=checkbox]').checked = true;
        host.shadowRoot.querySelector('button[type=submit]').click();
      },
      preview: () => window.Doorman.preview('welcome'),
      pagehide: () => dispatchEvent(new PageTransitionEvent('pagehide')),
      remove: () => host.remove(),
      restart: () => window.Doorman.restart(),
    };
    await ends[end](); // microtasks only: still before the frame
    const now = steps();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 1_000))));
    const open = [...document.querySelectorAll('doorman-widget')].filter((element) => element.shadowRoot?.querySelector('[role=dialog]')).length;
    return { now, later: steps(), open };
  }, end);
  // The page gets its scrolling back, and no style attribute the lock added: locked and released
  // in one task, Blink's lazy write of the inline style once added it back empty.
  const unlocked = async (what) => assert.deepEqual(
    await page.evaluate(() => [getComputedStyle(document.documentElement).overflowY, document.documentElement.getAttribute('style')]),
    ['visible', null], what);
  const close = async () => {
    await page.keyboard.press('Escape');
    await unlocked('closed');
  };
  assert.deepEqual(await ended('signUp'), { now: ['shown', 'signup'], later: ['shown', 'signup'], open: 1 });
  await close();
  assert.deepEqual(await ended('preview'), { now: ['shown'], later: ['shown', 'shown'], open: 1 });
  await close();
  assert.deepEqual(await ended('pagehide'), { now: ['shown'], later: ['shown'], open: 1 });
  await close();
  // The page's removal is seen by a MutationObserver, in a microtask after the removal.
  assert.deepEqual(await ended('remove'), { now: ['shown'], later: ['shown'], open: 0 });
  await unlocked('removed');
  // A restart tears the dialog down and starts again, which opens nothing: the popup was closed.
  assert.deepEqual(await ended('restart'), { now: ['shown'], later: ['shown'], open: 0 });
  await unlocked('restarted');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a close request (a phone\'s back gesture) closes it, and the next one is the page\'s again', async () => {
  const page = await openPage(env.browser);
  await recordEvents(page);
  // Each CloseWatcher the page makes, kept for the test to send it the close request that a
  // phone's back gesture sends (HTML, "Close requests and close watchers").
  await page.addInitScript(() => {
    window.watchers = [];
    window.CloseWatcher = class extends window.CloseWatcher {
      constructor(...args) { super(...args); window.watchers.push(this); }
    };
  });
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await dialog(page).waitFor();
  assert.equal(await page.evaluate(() => window.watchers.length), 1, 'the open dialog listens for close requests');
  await page.evaluate(() => window.watchers[0].requestClose());
  assert.equal(await page.locator('doorman-widget').count(), 0, 'the close request closed it');
  assert.deepEqual((await page.evaluate(() => window.doormanEvents)).map((e) => e.step), ['shown', 'closed']);
  // Destroyed with the dialog: a later close request is not taken by a dialog that is gone.
  let closed = 0;
  await page.exposeFunction('watcherClosed', () => { closed += 1; });
  await page.evaluate(() => { window.watchers[0].onclose = () => window.watcherClosed(); window.watchers[0].requestClose(); });
  await page.waitForTimeout(100);
  assert.equal(closed, 0, 'the watcher was destroyed with the dialog');
  assertClean(page);
  await page.context().close();
});

test('the close button and a click on the backdrop close it', async () => {
  for (const close of [(page) => dialog(page).locator('button.close').click(), (page) => page.mouse.click(5, 5)]) {
    const page = await openDialog(env, '/fixtures/welcome.html');
    await close(page);
    assert.equal(await page.locator('doorman-widget').count(), 0);
    assertClean(page);
    await page.context().close();
  }
});

test('the endpoint failing twice then recovering still stores the sign-up exactly once', async () => {
  const page = await openDialog(env, '/fixtures/flaky.html');
  await signUp(page, 'flaky@example.com', { consent: false });
  // While the shop fails, the shopper still gets the static code at once.
  await waitFor(async () => (await dialog(page).locator('output.code').textContent()) === 'WELCOME15');
  const [row] = await waitFor(() => { const rows = signupsFor('flaky@example.com'); return rows.length ? rows : null; });
  const attempts = env.shop.query(`SELECT status FROM attempts WHERE signup_id = '${row.id}' ORDER BY rowid`);
  assert.deepEqual(attempts.map((a) => a.status), [503, 503, 201]);
  await page.waitForTimeout(500);
  assert.equal(signupsFor('flaky@example.com').length, 1);
  assert.deepEqual(page.pageErrors, []);
  const warnings = page.consoleMessages.filter((m) => m.type === 'warning' && m.text.includes('could not deliver'));
  assert.equal(warnings.length, 1, 'the failure is logged once, clearly');
  assert.match(warnings[0].text, /HTTP 503.*kept and retried/);
  await page.context().close();
});

test('a sign-up made while the shop is down is delivered on the next visit after the tab closed', async () => {
  const context = await env.browser.newContext();
  const first = await context.newPage();
  // The shop fails the first two deliveries: the one after submit and the one on pagehide.
  await first.goto(`${env.shop.url}/fixtures/flaky.html`);
  await dialog(first).waitFor();
  await signUp(first, 'later@example.com', { consent: false });
  await waitFor(async () => (await dialog(first).locator('output.code').textContent()) === 'WELCOME15');
  await first.close();
  assert.equal(signupsFor('later@example.com').length, 0, 'not delivered yet');
  const second = await context.newPage();
  await second.goto(`${env.shop.url}/fixtures/flaky.html`);
  await waitFor(() => signupsFor('later@example.com').length === 1);
  await waitFor(async () => (await second.evaluate(() => localStorage.getItem('doorman:outbox'))) === '{"deliveries":[],"set_aside":[]}');
  assert.equal(await dialog(second).count(), 0, 'the popup stays away after the sign-up');
  assert.equal(await second.locator('doorman-widget button.teaser').textContent(), '★ Your code', 'only the tab that offers the code again');
  await context.close();
});

test('blocked storage keeps sign-ups in memory and still delivers them', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await dialog(page).waitFor();
  await signUp(page, 'nostorage@example.com');
  await waitFor(() => signupsFor('nostorage@example.com').length === 1);
  assert.ok(page.consoleMessages.some((m) => m.text.includes('storage is blocked')));
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a returning customer with orders gets no first-order offer', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/fixtures/returning-customer.html`);
  await page.waitForFunction(() => window.Doorman);
  await page.waitForTimeout(1_500);
  assert.equal(await page.locator('doorman-widget').count(), 0);
  assertClean(page);
  await page.context().close();
});
