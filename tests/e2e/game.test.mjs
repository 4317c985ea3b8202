// End to end: the spin-to-win wheel and the scratch card, played with mouse, finger-style drags
// and keyboard alone, with the prize checked in the shop's database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, focusedClass, openDialog, openPage, screenshotPath, useShop, waitFor } from './shop.mjs';

const env = useShop();
const TABLE_CODES = ['SPIN10', 'FREESHIP', 'SPIN5'];
const LABELS = ['10% off', 'Free shipping', '5% off', 'No luck this time'];
const PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };

const shadowActiveClass = (page) => page.evaluate(() => {
  const active = document.querySelector('doorman-widget')?.shadowRoot?.activeElement;
  return active ? active.className || active.id : null;
});

async function signUp(page, email) {
  await dialog(page).locator('input[type=email]').fill(email);
  if (await dialog(page).locator('input[type=checkbox]').count()) await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('.play-button:enabled').waitFor();
}

/** Drags the mouse to and fro across `box` in five rows, as a shopper scratches a card. */
async function dragAcross(page, box) {
  await page.mouse.move(box.x + 4, box.y + 6);
  await page.mouse.down();
  for (let row = 0; row < 5; row += 1) {
    const y = box.y + 6 + (row * (box.height - 12)) / 4;
    await page.mouse.move(box.x + box.width - 4, y, { steps: 8 });
    await page.mouse.move(box.x + 4, y + (box.height - 12) / 8, { steps: 8 });
  }
  await page.mouse.up();
}

async function storedPrize(page, email) {
  const [row] = await env.shop.rows(`SELECT campaign, prize_index, prize_label, prize_code FROM signups WHERE email = '${email}'`);
  if (!row) throw new Error(`no sign-up stored for ${email}`);
  return row;
}

/** The outcome the dialog shows: the announced text and the code, if any. */
async function outcome(page) {
  await dialog(page).locator('.result:not([hidden])').waitFor({ timeout: 8_000 });
  const announced = await dialog(page).locator('.announce').textContent();
  const codeShown = await dialog(page).locator('.code-row').isVisible();
  return { announced, code: codeShown ? await dialog(page).locator('output.code').textContent() : null };
}

test('sign up, spin: the wheel lands on the prize the shop has in its database', async () => {
  const page = await openDialog(env, '/fixtures/wheel.html');
  await page.evaluate(() => {
    window.prizes = [];
    addEventListener('doorman:prize', (event) => window.prizes.push(event.detail));
  });
  assert.equal(await dialog(page).locator('h2').textContent(), 'Spin to win!');
  await signUp(page, 'spin@example.com');
  assert.equal(await shadowActiveClass(page), 'primary play-button', 'focus moves to the real Spin button');
  const wheel = dialog(page).locator('canvas.wheel');
  assert.match(await wheel.getAttribute('aria-label'), /^Prize wheel: 10% off, Free shipping, 5% off, No luck this time$/);
  const size = await wheel.evaluate((canvas) => [canvas.width, canvas.getBoundingClientRect().width]);
  assert.ok(size[0] >= size[1], 'drawn at least at the screen density');
  await dialog(page).locator('.play-button').click();
  const result = await outcome(page);
  const row = await storedPrize(page, 'spin@example.com');
  assert.equal(row.campaign, 'wheel');
  if (row.prize_code) {
    assert.equal(result.announced, `You won: ${row.prize_label}!`);
    assert.equal(result.code, row.prize_code);
  } else {
    assert.equal(result.announced, 'No luck this time. Thanks for joining!');
    assert.equal(result.code, null);
  }
  assert.deepEqual(await page.evaluate(() => window.prizes), [{ campaign: 'wheel', prize: row.prize_label, code: row.prize_code, variant: 'a' }]);
  await page.screenshot({ path: screenshotPath('wheel-result') });
  assert.deepEqual(page.pageErrors, []);
  await page.reload();
  await page.waitForTimeout(800);
  assert.equal(await dialog(page).count(), 0, 'one play per shopper');
  assert.equal(await page.locator('doorman-widget').count(), row.prize_code ? 1 : 0, 'only a won code is offered again, in its tab');
  await page.context().close();
});

test('shop-decided mode never puts a code in the page before the shop issues it', async () => {
  const page = await openDialog(env, '/fixtures/wheel-shop.html');
  const pageText = () => page.evaluate(() => {
    const scripts = [...document.scripts].map((s) => [...s.attributes].map((a) => a.value).join(' ')).join(' ');
    const shadow = document.querySelector('doorman-widget')?.shadowRoot?.innerHTML ?? '';
    return document.documentElement.outerHTML + scripts + shadow + JSON.stringify(localStorage);
  });
  for (const code of TABLE_CODES) assert.equal((await pageText()).includes(code), false, `${code} before sign-up`);
  await signUp(page, 'shopdraw@example.com');
  for (const code of TABLE_CODES) assert.equal((await pageText()).includes(code), false, `${code} before the spin`);
  await dialog(page).locator('.play-button').click();
  const result = await outcome(page);
  const row = await storedPrize(page, 'shopdraw@example.com');
  if (row.prize_code) {
    assert.match(row.prize_code, /^(SPIN10|FREESHIP|SPIN5)-[0-9A-F]{6}$/, 'a unique code issued by the shop');
    assert.equal(result.code, row.prize_code);
  } else {
    assert.equal(result.code, null);
  }
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a shop draw that cannot be reached takes the board away and promises the prize by email', async () => {
  const page = await openPage(env.browser);
  await page.route('**/apps/doorman/signups', (route) => route.abort('connectionrefused'));
  await page.goto(`${env.shop.url}/fixtures/wheel-shop.html`);
  await dialog(page).locator('canvas.wheel').waitFor();
  await dialog(page).locator('input[type=email]').fill('unreachable@example.com');
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('.result:not([hidden])').waitFor({ timeout: 8_000 });
  assert.equal(await dialog(page).locator('.result-text').textContent(), 'Your prize is on its way to your inbox.');
  assert.equal(await dialog(page).locator('canvas.wheel').isVisible(), false, 'no board left that cannot be played');
  assert.equal(await dialog(page).locator('.play-button').isVisible(), false);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('with reduced motion the result shows within a second', async () => {
  const page = await openDialog(env, '/fixtures/wheel.html', { reducedMotion: 'reduce' });
  await signUp(page, 'still@example.com');
  const started = Date.now();
  await dialog(page).locator('.play-button').click();
  await dialog(page).locator('.result:not([hidden])').waitFor({ timeout: 1_000 });
  assert.ok(Date.now() - started < 1_000);
  await page.context().close();
});

test('both games are playable with the keyboard alone', async () => {
  for (const [fixture, email, wait] of [['wheel', 'keys-wheel@example.com', 8_000], ['scratch', 'keys-scratch@example.com', 2_000]]) {
    const page = await openDialog(env, `/fixtures/${fixture}.html`);
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await dialog(page).locator('.play-button:enabled').waitFor();
    assert.equal(await shadowActiveClass(page), 'primary play-button');
    await page.keyboard.press('Enter');
    await dialog(page).locator('.result:not([hidden])').waitFor({ timeout: wait });
    assert.equal(await shadowActiveClass(page), 'result', `${fixture}: focus moves to the outcome`);
    const row = await storedPrize(page, email);
    assert.equal(row.campaign, fixture);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  }
});

test('dragging across the scratch card reveals the prize', async () => {
  const page = await openDialog(env, '/fixtures/scratch.html');
  await signUp(page, 'scratcher@example.com');
  const card = await dialog(page).locator('canvas.scratch').boundingBox();
  assert.equal(await dialog(page).locator('.result').isVisible(), false);
  await dragAcross(page, card);
  const result = await outcome(page);
  assert.equal(await dialog(page).locator('canvas.scratch').isVisible(), false, 'the card is cleared');
  const row = await storedPrize(page, 'scratcher@example.com');
  assert.equal(row.campaign, 'scratch');
  assert.equal(result.code, row.prize_code);
  await page.screenshot({ path: screenshotPath('scratch-result') });
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a dismissed game leaves its teaser tab, which reopens it, also on the next visit', async () => {
  const page = await openDialog(env, '/fixtures/wheel.html');
  await page.keyboard.press('Escape');
  const teaser = page.locator('doorman-widget button.teaser');
  await teaser.waitFor();
  assert.equal(await teaser.textContent(), '★ Spin to win!');
  await teaser.click();
  await dialog(page).waitFor();
  await page.keyboard.press('Escape');
  // Focus goes back to the tab that opened the dialog (WAI-ARIA's dialog pattern), by mouse or
  // by keyboard, though the tab is taken down while the game shows: before, it went to the body.
  await teaser.waitFor();
  assert.equal(await focusedClass(page), 'teaser', 'focus is back on the tab after a click');
  await page.keyboard.press('Enter');
  await dialog(page).waitFor();
  await page.keyboard.press('Escape');
  await teaser.waitFor();
  assert.equal(await focusedClass(page), 'teaser', 'focus is back on the tab after Enter');
  await page.reload();
  await teaser.waitFor();
  await page.waitForTimeout(800);
  assert.equal(await dialog(page).count(), 0, 'the game does not open by itself within the cap');
  await page.screenshot({ path: screenshotPath('teaser') });
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a preview made before the triggers are armed shows no teaser tab behind its dialog; closing it offers the tab', async () => {
  const page = await openPage(env.browser);
  await page.addInitScript(() => addEventListener('DOMContentLoaded', () => {
    // The game with its teaser from the start (no delay), previewed as early as a page can.
    document.querySelector('script[data-game]').setAttribute('data-game-delay', 'off');
    window[Symbol.for('doorman')].preview('wheel');
  }));
  await page.goto(`${env.shop.url}/fixtures/wheel.html`);
  await dialog(page).waitFor();
  // The task after the start's arms the campaigns right after it; give it time to have run.
  await page.waitForFunction(() => (localStorage.getItem('doorman:quiet') ?? '').startsWith('1|'));
  await page.waitForTimeout(1_000);
  const teaser = page.locator('doorman-widget button.teaser');
  assert.equal(await teaser.count(), 0, 'no tab behind the open dialog');
  assert.equal(await page.locator('doorman-widget').count(), 1);
  await page.keyboard.press('Escape');
  await teaser.waitFor();
  assert.equal(await teaser.count(), 1);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('previewing a game the tag does not have gives one message naming the one it has', async () => {
  for (const [fixture, asked, message] of [
    ['wheel.html', 'scratch', 'Doorman.preview: this tag\'s game is the wheel (data-game="wheel"); preview wheel.'],
    ['scratch.html', 'wheel', 'Doorman.preview: this tag\'s game is the scratch card (data-game="scratch"); preview scratch.'],
    ['welcome.html', 'wheel', 'Doorman.preview: this tag has no game; set data-game="wheel" or "scratch" to preview one.'],
  ]) {
    const page = await openPage(env.browser);
    await page.goto(`${env.shop.url}/fixtures/${fixture}`);
    await page.waitForFunction(() => window.Doorman);
    await page.evaluate((name) => window.Doorman.preview(name), asked);
    const warnings = () => page.consoleMessages.filter((m) => m.text.startsWith('Doorman.preview')).map((m) => m.text);
    for (let i = 0; i < 40 && !warnings().length; i += 1) await page.waitForTimeout(50);
    assert.deepEqual(warnings(), [message], fixture);
    assert.deepEqual(page.pageErrors, [], fixture);
    await page.context().close();
  }
});

test('a preview of no campaign names what it was given, whatever that is, and the widget runs on', async () => {
  // A merchant's trial: Object.create(null), which String() cannot convert, stopped the widget.
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/fixtures/wheel.html`);
  await page.waitForFunction(() => window.Doorman);
  await page.evaluate(() => {
    for (const given of ['WELCOME', ' welcome ', 123, null, Object.create(null), 'x'.repeat(60)]) window.Doorman.preview(given);
  });
  const warnings = () => page.consoleMessages.filter((m) => m.text.startsWith('Doorman')).map((m) => m.text);
  for (let i = 0; i < 60 && warnings().length < 6; i += 1) await page.waitForTimeout(50);
  const expected = (given) => `Doorman.preview: expected welcome, exit, wheel or scratch, not "${given}".`;
  assert.deepEqual(warnings(), ['WELCOME', ' welcome ', '123', 'null', '[object Object]', `${'x'.repeat(40)}…`].map(expected));
  await page.evaluate(() => window.Doorman.preview('wheel'));
  await dialog(page).waitFor();
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a game preview the tag cannot open leaves the open dialog as it is, before and after the widget settled', async () => {
  const message = 'Doorman.preview: this tag\'s game is the wheel (data-game="wheel"); preview wheel.';
  const warnings = (page) => page.consoleMessages.filter((m) => m.text.startsWith('Doorman.preview')).map((m) => m.text);
  // After: the welcome popup is open when the scratch card is asked for.
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/fixtures/wheel.html`);
  await page.waitForFunction(() => window.Doorman);
  await page.evaluate(() => window.Doorman.preview('welcome'));
  await dialog(page).waitFor();
  await page.evaluate(() => window.Doorman.preview('scratch'));
  await waitFor(() => warnings(page).length > 0);
  assert.deepEqual(warnings(page), [message]);
  assert.equal(await dialog(page).count(), 1, 'the welcome popup stays open');
  assert.equal(await dialog(page).locator('h2').textContent(), '10% off your first order');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();

  // Before: both asked for as early as a page can, in order; the welcome popup opens.
  const early = await openPage(env.browser);
  await early.addInitScript(() => addEventListener('DOMContentLoaded', () => {
    window[Symbol.for('doorman')].preview('welcome');
    window[Symbol.for('doorman')].preview('scratch');
  }));
  await early.goto(`${env.shop.url}/fixtures/wheel.html`);
  await dialog(early).waitFor();
  await waitFor(() => warnings(early).length > 0);
  assert.deepEqual(warnings(early), [message]);
  assert.equal(await dialog(early).locator('h2').textContent(), '10% off your first order');
  assert.deepEqual(early.pageErrors, []);
  await early.context().close();
});

/** Records every text a canvas draws (there are no emoji or CJK fonts to read pixels by). */
function recordCanvas() {
  window.drawn = [];
  const { fillText } = CanvasRenderingContext2D.prototype;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.drawn.push(String(text));
    return fillText.call(this, text, ...rest);
  };
  window.prizes = [];
  addEventListener('doorman:prize', (event) => window.prizes.push(event.detail));
}

/** Where the board, the email field and the dialog are, what the play button says and does, and
 * whether anything sticks out sideways, before the email is entered. */
const layout = (page, board) => page.evaluate((selector) => {
  const root = document.querySelector('doorman-widget').shadowRoot;
  const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }; };
  const dialogBox = root.querySelector('[role=dialog]').getBoundingClientRect();
  const button = root.querySelector('.play-button');
  const described = (button.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
    .map((id) => root.getElementById(id)?.textContent ?? '').join(' ');
  // The dialog's content; the overlay behind it covers the whole viewport by design.
  const outside = [...root.querySelectorAll('[role=dialog] *')].filter((el) => {
    const rect = el.getBoundingClientRect();
    return rect.width && (rect.left < dialogBox.left - 0.5 || rect.right > dialogBox.right + 0.5);
  }).map((el) => el.className || el.tagName);
  return {
    board: box(root.querySelector(selector)),
    email: box(root.querySelector('input[type=email]')),
    viewport: [innerWidth, innerHeight],
    pageWidth: document.documentElement.scrollWidth,
    outside,
    disabled: button.disabled,
    described,
    hidden: root.innerHTML + JSON.stringify(localStorage),
    prizeCard: root.querySelector('.prize-card')?.textContent ?? null,
  };
}, board);

for (const [game, board] of [['wheel', 'canvas.wheel'], ['scratch', 'canvas.scratch']]) {
  for (const [look, context] of [['desktop', {}], ['320 px phone', PHONE]]) {
    test(`${game}, ${look}: the board is on show before the email, and only the sign-up makes it playable`, async () => {
      const page = await openPage(env.browser, context);
      await page.addInitScript(recordCanvas);
      await page.goto(`${env.shop.url}/fixtures/${game}.html`);
      await dialog(page).locator(board).waitFor();
      assert.equal(await dialog(page).locator('input[type=email]').inputValue(), '', 'no email entered yet');
      const before = await layout(page, board);
      await page.screenshot({ path: screenshotPath(`${game}-${look.replace(/\W+/g, '-')}-lure`) });
      const { board: b, email: e, viewport: [width, height] } = before;
      assert.ok(b.width > 100 && b.height > 50, `the board has a size: ${JSON.stringify(b)}`);
      assert.ok(b.left >= 0 && b.top >= 0 && b.right <= width && b.bottom <= height, `the board is in the viewport: ${JSON.stringify(b)}`);
      if (look === 'desktop') {
        assert.ok(b.right <= e.left && b.top < e.bottom && e.top < b.bottom, `the board is beside the email field: ${JSON.stringify([b, e])}`);
      } else {
        assert.ok(b.bottom <= e.top, `the board is above the email field: ${JSON.stringify([b, e])}`);
        assert.deepEqual(before.outside, [], 'nothing sticks out of the dialog');
        assert.ok(before.pageWidth <= 320, `page ${before.pageWidth} px wide`);
      }
      const drawn = await page.evaluate(() => window.drawn);
      if (game === 'wheel') {
        // A label may be drawn on two lines in a narrow slice: the lines follow each other.
        const text = drawn.join(' ');
        for (const label of LABELS) assert.ok(text.includes(label), `"${label}" is drawn on the wheel before the sign-up: ${drawn}`);
      } else {
        // The card is covered, and the prize under it is nowhere yet: not drawn, not in the page.
        assert.equal(before.prizeCard, '', 'nothing under the cover yet');
        for (const label of LABELS) {
          assert.ok(!drawn.includes(label), `"${label}" drawn before the draw`);
          assert.ok(!before.hidden.includes(label), `"${label}" in the page before the draw`);
        }
      }
      for (const code of TABLE_CODES) assert.ok(!before.hidden.includes(code), `${code} in the page before the sign-up`);
      assert.equal(before.disabled, true, 'the play button is disabled before the sign-up');
      assert.match(before.described, /Enter your email/, 'the disabled button says what unlocks it');

      // Trying to play anyway: a click, a drag over the board, the keyboard. Nothing moves.
      await dialog(page).locator('.play-button').click({ force: true });
      await dragAcross(page, await dialog(page).locator(board).boundingBox());
      const focused = [];
      for (let press = 0; press < 6; press += 1) {
        await page.keyboard.press('Tab');
        focused.push(await shadowActiveClass(page));
      }
      assert.ok(!focused.includes('primary play-button'), `Tab never reaches the locked button: ${focused}`);
      assert.equal(await dialog(page).locator('.result').isVisible(), false, 'no outcome before the sign-up');
      assert.equal(await dialog(page).locator(board).isVisible(), true, 'the board is still there, untouched');
      assert.deepEqual(await page.evaluate(() => window.prizes), [], 'nothing was won');
      assert.equal(await dialog(page).locator('input[type=email]').isVisible(), true, 'still asking for the email');

      const email = `lure-${game}-${look.replace(/\W+/g, '-')}@example.com`;
      await signUp(page, email);
      const unlocked = await layout(page, board);
      assert.equal(unlocked.disabled, false, 'the sign-up unlocks play');
      await page.screenshot({ path: screenshotPath(`${game}-${look.replace(/\W+/g, '-')}-unlocked`) });
      await dialog(page).locator('.play-button').click();
      const result = await outcome(page);
      const row = await storedPrize(page, email);
      assert.equal(row.campaign, game);
      assert.equal(result.code, row.prize_code, 'the code shown is the one the shop has');
      assert.deepEqual(await page.evaluate(() => window.prizes), [{ campaign: game, prize: row.prize_label, code: row.prize_code, variant: 'a' }]);
      assert.deepEqual(page.pageErrors, []);
      await page.context().close();
    });
  }
}
