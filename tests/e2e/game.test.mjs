// End to end: the spin-to-win wheel and the scratch card, played with mouse, finger-style drags
// and keyboard alone, with the prize checked in the shop's database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openDialog, screenshotPath, useShop } from './shop.mjs';

const env = useShop();
const TABLE_CODES = ['SPIN10', 'FREESHIP', 'SPIN5'];

const shadowActiveClass = (page) => page.evaluate(() => {
  const active = document.querySelector('doorman-widget')?.shadowRoot?.activeElement;
  return active ? active.className || active.id : null;
});

async function signUp(page, email) {
  await dialog(page).locator('input[type=email]').fill(email);
  if (await dialog(page).locator('input[type=checkbox]').count()) await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('.play-button').waitFor();
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
    await dialog(page).locator('.play-button').waitFor();
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
  await page.mouse.move(card.x + 4, card.y + 6);
  await page.mouse.down();
  for (let row = 0; row < 5; row += 1) {
    const y = card.y + 6 + (row * (card.height - 12)) / 4;
    await page.mouse.move(card.x + card.width - 4, y, { steps: 8 });
    await page.mouse.move(card.x + 4, y + (card.height - 12) / 8, { steps: 8 });
  }
  await page.mouse.up();
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
  await page.reload();
  await teaser.waitFor();
  await page.waitForTimeout(800);
  assert.equal(await dialog(page).count(), 0, 'the game does not open by itself within the cap');
  await page.screenshot({ path: screenshotPath('teaser') });
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});
