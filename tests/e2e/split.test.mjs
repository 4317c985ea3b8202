// End to end: the code that draws a campaign is a wasm of its own, doorman-views.wasm, fetched
// when a campaign is about to show; a page view whose campaigns have not shown yet fetches only
// doorman.wasm. Every campaign still opens, a views file that fails says so and loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armed, dialog, leaveThroughTheTop, openPage, useShop } from './shop.mjs';

const env = useShop();

/** Records every request for either wasm, by file name. */
function watchWasm(page) {
  page.wasm = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop();
    if (name.endsWith('.wasm')) page.wasm.push(name);
  });
}

/** Serves welcome.html with its popup due 4 s after the widget starts. */
const welcomeIn4s = (page) => page.route((url) => url.pathname === '/fixtures/welcome.html', async (route) => {
  const response = await route.fetch();
  route.fulfill({ response, body: (await response.text()).replace(/data-welcome-delay="[^"]*"/, 'data-welcome-delay="4s"') });
});

const warnings = (page) => page.consoleMessages.filter((m) => m.type === 'warning' || m.type === 'error').map((m) => m.text);

test('a page view whose campaign has not shown yet fetches no views; the trigger fetches them once and the dialog opens', async () => {
  const page = await openPage(env.browser);
  watchWasm(page);
  await page.goto(`${env.shop.url}/fixtures/in-body.html`);
  await page.waitForFunction(() => window.Doorman);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/doorman.wasm')));
  await page.waitForTimeout(1_000);
  assert.deepEqual(page.wasm, ['doorman.wasm'], 'before the scroll: the deciding part alone');
  assert.equal(await page.locator('doorman-widget').count(), 0);
  await page.mouse.wheel(0, 1_200);
  await dialog(page).waitFor({ timeout: 5_000 });
  assert.deepEqual(page.wasm, ['doorman.wasm', 'doorman-views.wasm']);
  // Closing and previewing again reuses what loaded.
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.Doorman.preview('welcome'));
  await dialog(page).waitFor();
  assert.deepEqual(page.wasm, ['doorman.wasm', 'doorman-views.wasm'], 'fetched once');
  assert.deepEqual(warnings(page), []);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('every campaign opens through the views module, none of them loading it synchronously', async () => {
  for (const [fixture, campaign] of [['welcome.html', 'welcome'], ['exit.html', 'exit'], ['wheel.html', 'wheel'], ['scratch.html', 'scratch']]) {
    const page = await openPage(env.browser);
    watchWasm(page);
    await page.goto(`${env.shop.url}/fixtures/${fixture}`);
    await page.evaluate((name) => window.Doorman.preview(name), campaign);
    await dialog(page).waitFor();
    assert.deepEqual(page.wasm, ['doorman.wasm', 'doorman-views.wasm'], campaign);
    assert.deepEqual(warnings(page), [], `${campaign}: no warning (a synchronous load would say so)`);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  }
});

test('a views file that fails to load says which and why, leaves the page alone, and the next campaign tries again', async () => {
  const page = await openPage(env.browser);
  let broken = true;
  await page.route('**/doorman-views.wasm*', (route) => (broken ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue()));
  await page.goto(`${env.shop.url}/fixtures/in-body.html`);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/doorman.wasm')));
  await page.waitForTimeout(500);
  await page.mouse.wheel(0, 1_200);
  await page.waitForFunction(() => document.readyState === 'complete');
  const said = async () => warnings(page).find((text) => text.includes('doorman-views.wasm'));
  for (let i = 0; i < 50 && !(await said()); i += 1) await page.waitForTimeout(100);
  assert.match(await said(), /^Doorman could not show a campaign or send a sign-up with http:\/\/[^ ]+\/doorman\/doorman-views\.wasm: it answered HTTP 404\. Serve doorman-views\.wasm from the same release beside doorman\.wasm\.$/);
  // A second campaign tries again, and is refused again: the message is not repeated.
  await page.evaluate(() => window.Doorman.preview('welcome'));
  await page.waitForTimeout(500);
  assert.equal(warnings(page).filter((text) => text.includes('doorman-views.wasm')).length, 1, 'said once');
  assert.equal(await page.locator('doorman-widget').count(), 0, 'no view half drawn');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), 'visible', 'the page scrolls');
  assert.deepEqual(page.pageErrors, []);
  broken = false;
  await page.evaluate(() => window.Doorman.preview('welcome'));
  await dialog(page).waitFor();
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

/** Records, in `window.measured`, each text a canvas of `page` measures: in which font, and
 * whether Doorman's element was on the page yet (the dialog's font lookup, see `warm_fonts`). */
const recordMeasuredTexts = (page) => page.addInitScript(() => {
  window.measured = [];
  const measure = CanvasRenderingContext2D.prototype.measureText;
  CanvasRenderingContext2D.prototype.measureText = function (text) {
    window.measured.push({ font: this.font, mounted: Boolean(document.querySelector('doorman-widget')) });
    return measure.call(this, text);
  };
});

/** in-body.html with the welcome popup's scroll rule at `depth`. Its page is about four screens
 * high, so its top screen shows about 23% of it: a rule of 5% is met by the first scroll, however
 * small; 50%, the fixture's own, is not. */
const withScroll = (page, depth) => page.route((url) => url.pathname === '/fixtures/in-body.html', async (route) => {
  const response = await route.fetch();
  route.fulfill({ response, body: (await response.text()).replace('data-welcome-scroll="50%"', `data-welcome-scroll="${depth}"`) });
});

test('a scroll depth that the page\'s top screen already shows has the views fetched before any scroll; a deeper one waits for the shopper', async () => {
  for (const [depth, ahead] of [['5%', true], ['50%', false]]) {
    const page = await openPage(env.browser);
    watchWasm(page);
    await withScroll(page, depth);
    await page.goto(`${env.shop.url}/fixtures/in-body.html`);
    const { page: height, screen } = await page.evaluate(() => ({ page: document.documentElement.scrollHeight, screen: innerHeight }));
    assert.ok(height > 2 * screen && height < 20 * screen, `the fixture is ${height} px for a ${screen} px screen`);
    await armed(page);
    await page.waitForTimeout(1_000);
    assert.deepEqual(page.wasm, ahead ? ['doorman.wasm', 'doorman-views.wasm'] : ['doorman.wasm'], `${depth}: before any scroll`);
    assert.equal(await page.locator('doorman-widget').count(), 0, `${depth}: nothing shows before the scroll`);
    await page.mouse.wheel(0, 2_000);
    await dialog(page).waitFor({ timeout: 5_000 });
    assert.deepEqual(page.wasm, ['doorman.wasm', 'doorman-views.wasm'], `${depth}: fetched once`);
    assert.deepEqual(warnings(page), []);
    await page.context().close();
  }
});

test('a scroll that passes half way to the depth looks the dialog\'s fonts up ahead; a dialog that opens first is not held up by that lookup', async () => {
  // The head start's font lookup is worth its time only ahead of the dialog: run before it, in
  // the task that draws it, it made the shopper wait (tests/bench: 104 -> 96 ms on a theme-sized
  // page). `paced`: half way, then the depth once the fonts are looked up; `jump`: one scroll past
  // the depth; `fling`: half way, then past the depth while the views are on their way.
  const halfWay = (page) => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 3 - innerHeight)); // a third seen: past half of 50%
  const pastTheDepth = (page) => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  for (const scroll of ['paced', 'jump', 'fling']) {
    const page = await openPage(env.browser);
    watchWasm(page);
    await recordMeasuredTexts(page);
    await withScroll(page, '50%');
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    if (scroll === 'fling') await page.route('**/doorman-views.wasm*', async (route) => { await held; await route.continue(); });
    await page.goto(`${env.shop.url}/fixtures/in-body.html`);
    await armed(page);
    if (scroll === 'paced') {
      await halfWay(page);
      await page.waitForFunction(() => window.measured.length > 0, null, { timeout: 5_000 });
      assert.deepEqual(page.wasm, ['doorman.wasm', 'doorman-views.wasm'], 'fetched half way');
      assert.equal(await page.locator('doorman-widget').count(), 0, 'nothing shows half way');
    } else if (scroll === 'fling') {
      await halfWay(page);
      for (let i = 0; i < 50 && !page.wasm.includes('doorman-views.wasm'); i += 1) await page.waitForTimeout(50);
      await pastTheDepth(page);
      await halfWay(page); // back up past half way again, as a fling's bounce may
      await page.waitForTimeout(200);
      release();
    }
    await pastTheDepth(page);
    await dialog(page).waitFor({ timeout: 5_000 });
    await page.waitForTimeout(300);
    const measured = await page.evaluate(() => window.measured);
    if (scroll === 'paced') assert.ok(measured.length > 0 && measured.every((m) => !m.mounted), JSON.stringify(measured));
    else assert.deepEqual(measured, [], `${scroll}: nothing looked up before the dialog, nor after it`);
    assert.deepEqual(page.wasm, ['doorman.wasm', 'doorman-views.wasm'], scroll);
    assert.deepEqual(warnings(page), []);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  }
});

test('a timed welcome popup fetches the views two seconds before it shows, so its dialog does not wait for them', async () => {
  const page = await openPage(env.browser);
  const requested = {};
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop();
    if (name.endsWith('.wasm')) requested[name] = Date.now();
  });
  await welcomeIn4s(page);
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await page.waitForFunction(() => window.Doorman);
  await page.waitForTimeout(1_000);
  assert.ok(requested['doorman.wasm'] && !requested['doorman-views.wasm'], 'not while the delay is long');
  await dialog(page).waitFor();
  const shown = Date.now();
  assert.ok(requested['doorman-views.wasm'], 'fetched');
  assert.ok(shown - requested['doorman-views.wasm'] >= 1_000, `fetched ${shown - requested['doorman-views.wasm']} ms before the dialog showed`);
  assert.deepEqual(warnings(page), []);
  await page.context().close();
});

test('each timed trigger keeps its own head start: when an earlier fetch of the views fails, a later delay still fetches them before it shows', async () => {
  // A 5% scroll rule that the top screen meets fetches the views at start; the 5 s delay asks
  // for them two seconds before it ends. The first fetch fails, so the delay's must still come.
  const page = await openPage(env.browser);
  const requested = [];
  page.on('request', (request) => {
    if (request.url().includes('/doorman-views.wasm')) requested.push(Date.now());
  });
  await page.route('**/doorman-views.wasm*', (route) => (requested.length === 1 ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue()));
  await page.route((url) => url.pathname === '/fixtures/in-body.html', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('data-welcome-delay="off" data-welcome-scroll="50%"', 'data-welcome-delay="5s" data-welcome-scroll="5%"');
    route.fulfill({ response, body });
  });
  await page.goto(`${env.shop.url}/fixtures/in-body.html`);
  await armed(page);
  for (let i = 0; i < 50 && requested.length === 0; i += 1) await page.waitForTimeout(100);
  assert.equal(requested.length, 1, 'fetched at start, for the scroll rule');
  await dialog(page).waitFor({ timeout: 10_000 });
  const shown = Date.now();
  assert.equal(requested.length, 2, 'fetched again, once');
  assert.ok(shown - requested[1] >= 1_000, `the second fetch came ${shown - requested[1]} ms before the dialog showed`);
  assert.equal(await page.evaluate(() => scrollY), 0, 'the delay showed it, not a scroll');
  assert.equal(warnings(page).filter((text) => text.includes('doorman-views.wasm')).length, 1, 'the failed fetch is said once');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a file in the views\' place that is WebAssembly but not this release\'s views is refused with one message, and nothing stops', async () => {
  for (const [name, body] of [['an empty module', Buffer.from([0, 97, 115, 109, 1, 0, 0, 0])], ['the widget\'s own wasm', null]]) {
    const page = await openPage(env.browser);
    let wrong = true;
    await page.route('**/doorman-views.wasm*', async (route) => {
      if (!wrong) return route.continue();
      const own = body ?? await (await fetch(`${env.shop.url}/doorman/doorman.wasm`)).arrayBuffer();
      return route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from(own) });
    });
    await page.goto(`${env.shop.url}/fixtures/in-body.html`);
    await page.waitForFunction(() => window.Doorman);
    await page.evaluate(() => window.Doorman.preview('welcome'));
    const said = () => warnings(page).filter((text) => text.includes('doorman-views.wasm'));
    for (let i = 0; i < 50 && !said().length; i += 1) await page.waitForTimeout(100);
    assert.deepEqual(said().map((text) => text.replace(/http:\/\/[^ ]+\//, '')), [
      'Doorman could not show a campaign or send a sign-up with doorman-views.wasm: it is not the views of this release. Serve doorman-views.wasm from the same release beside doorman.wasm.',
    ], name);
    assert.ok(!warnings(page).some((text) => /stopped|loads now/.test(text)), `${name}: the widget runs on, nothing loaded synchronously`);
    assert.equal(await page.locator('doorman-widget').count(), 0);
    wrong = false;
    await page.evaluate(() => window.Doorman.preview('welcome'));
    await dialog(page).waitFor();
    assert.deepEqual(page.pageErrors, [], name);
    await page.context().close();
  }
});

test('an exit prompt whose views failed to load is not spent: the next exit shows it', async () => {
  const page = await openPage(env.browser);
  let broken = true;
  await page.route('**/doorman-views.wasm*', (route) => (broken ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue()));
  await page.goto(`${env.shop.url}/fixtures/exit.html`);
  await page.evaluate(() => fetch('/cart/add.js', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 40004, quantity: 1 }) }));
  await armed(page);
  await page.waitForTimeout(1_000); // past data-exit-min-time
  await leaveThroughTheTop(page);
  for (let i = 0; i < 50 && !warnings(page).length; i += 1) await page.waitForTimeout(100);
  await page.waitForTimeout(500);
  assert.equal(await page.locator('doorman-widget').count(), 0, 'nothing shown while the views fail');
  broken = false;
  await page.mouse.move(400, 300);
  await leaveThroughTheTop(page);
  await dialog(page).waitFor({ timeout: 5_000 });
  assert.equal(await dialog(page).locator('h2').textContent(), 'Save your cart?');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a welcome popup whose trigger came while its views failed to load is not lost: it shows once a later fetch brings them', async () => {
  // The helper's case: a 5 s delay and a 5% depth. The fetch at start and the one at the scroll
  // fail; the delay's head start (3 s) brings the views, and the popup the scroll asked for shows
  // then, before the delay.
  const page = await openPage(env.browser);
  const answers = [];
  await page.route('**/doorman-views.wasm*', (route) => {
    answers.push(answers.length < 2 ? 404 : 200);
    return answers.at(-1) === 404 ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue();
  });
  await page.route((url) => url.pathname === '/fixtures/in-body.html', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('data-welcome-delay="off" data-welcome-scroll="50%"', 'data-welcome-delay="5s" data-welcome-scroll="5%"');
    route.fulfill({ response, body });
  });
  await page.goto(`${env.shop.url}/fixtures/in-body.html`);
  const start = Date.now();
  await armed(page);
  for (let i = 0; i < 50 && answers.length < 1; i += 1) await page.waitForTimeout(100);
  await page.mouse.wheel(0, 30);
  for (let i = 0; i < 50 && answers.length < 2; i += 1) await page.waitForTimeout(100);
  assert.deepEqual(answers, [404, 404], 'fetched at start and at the scroll, both refused');
  assert.equal(await page.locator('doorman-widget').count(), 0, 'nothing shows without the views');
  await dialog(page).waitFor({ timeout: 6_000 });
  assert.deepEqual(answers, [404, 404, 200]);
  assert.ok(Date.now() - start < 4_800, `shown ${Date.now() - start} ms after the load, before the 5 s delay`);
  assert.equal(await dialog(page).locator('h2').count(), 1);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a welcome popup whose views failed with the network up is asked for again, 3 s then 10 s later, and shows when they load', async () => {
  // A server's passing error: the fetch at the scroll and the first retry answer 503.
  const page = await openPage(env.browser);
  const answers = [];
  await page.route('**/doorman-views.wasm*', (route) => {
    answers.push({ at: Date.now(), status: answers.length < 2 ? 503 : 200 });
    return answers.at(-1).status === 503 ? route.fulfill({ status: 503, body: 'Service Unavailable' }) : route.continue();
  });
  await page.goto(`${env.shop.url}/fixtures/in-body.html`);
  await armed(page);
  await page.mouse.wheel(0, 2_000);
  for (let i = 0; i < 50 && answers.length < 1; i += 1) await page.waitForTimeout(100);
  await page.waitForTimeout(1_000);
  assert.deepEqual(answers.map((answer) => answer.status), [503], 'one fetch at the trigger, nothing at once after it');
  assert.equal(await page.locator('doorman-widget').count(), 0, 'nothing shows without the views');
  await dialog(page).waitFor({ timeout: 16_000 });
  assert.deepEqual(answers.map((answer) => answer.status), [503, 503, 200]);
  const gaps = [answers[1].at - answers[0].at, answers[2].at - answers[1].at];
  assert.ok(gaps[0] >= 2_900 && gaps[0] < 6_000, `the first retry ${gaps[0]} ms after the failure`);
  assert.ok(gaps[1] >= 9_900 && gaps[1] < 13_000, `the second ${gaps[1]} ms after the first`);
  assert.equal(warnings(page).filter((text) => text.includes('doorman-views.wasm')).length, 1, 'said once');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a tab (the game\'s teaser, the code reminder) whose views failed to load is not lost: the retry 3 s later shows it', async () => {
  // A merchant's trial: a tab shown at once has no later trigger, and its wait was dropped.
  const now = Date.now();
  for (const [fixture, label, visitor] of [
    ['wheel.html', '★ Spin to win!', null],
    ['in-body.html', '★ Your code', { signed_up_at: now, code: 'HELLO10', code_until: now + 86_400_000 }],
  ]) {
    const page = await openPage(env.browser);
    if (visitor) await page.addInitScript((visitor) => localStorage.setItem('doorman:visitor', JSON.stringify(visitor)), visitor);
    await page.route((url) => url.pathname === '/fixtures/wheel.html', async (route) => {
      const response = await route.fetch();
      route.fulfill({ response, body: (await response.text()).replace(/data-game-delay="[^"]*"/, 'data-game-delay="off"') });
    });
    const answers = [];
    await page.route('**/doorman-views.wasm*', (route) => {
      answers.push(answers.length < 1 ? 503 : 200);
      return answers.at(-1) === 503 ? route.fulfill({ status: 503, body: 'Service Unavailable' }) : route.continue();
    });
    await page.goto(`${env.shop.url}/fixtures/${fixture}`);
    const tab = page.locator('doorman-widget button.teaser');
    await tab.waitFor({ timeout: 8_000 });
    assert.equal(await tab.textContent(), label);
    assert.deepEqual(answers, [503, 200], label);
    assert.equal(warnings(page).filter((text) => text.includes('doorman-views.wasm')).length, 1, `${label}: said once`);
    assert.deepEqual(page.pageErrors, [], label);
    await page.context().close();
  }
});

test('a language\'s texts that fail with the views (offline) are fetched again with them: the popup shows in the shop\'s language', async () => {
  // A merchant's trial: a Finnish shop's popup showed in English after a network blip.
  const page = await openPage(env.browser);
  await page.route((url) => url.pathname === '/fixtures/in-body.html', async (route) => {
    const response = await route.fetch();
    route.fulfill({ response, body: (await response.text()).replace('<script ', '<script data-lang="fi" ') });
  });
  await page.goto(`${env.shop.url}/fixtures/in-body.html`);
  await armed(page);
  await page.context().setOffline(true);
  await page.mouse.wheel(0, 2_000);
  const said = () => warnings(page).some((text) => text.includes('doorman-views.wasm'));
  for (let i = 0; i < 80 && !said(); i += 1) await page.waitForTimeout(100);
  await page.waitForTimeout(500);
  await page.context().setOffline(false);
  await dialog(page).waitFor({ timeout: 5_000 });
  assert.match(await dialog(page).locator('h2').textContent(), /^10\s%\salennusta ensimmäisestä tilauksestasi$/);
  assert.deepEqual(warnings(page).filter((text) => /doorman-(views\.wasm|fi\.json)/.test(text)).length, 1, 'one message: the views\'');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a welcome popup whose trigger came offline shows when the network returns; so does the game', async () => {
  for (const [fixture, campaign, trigger] of [['in-body.html', 'the welcome popup', 'scroll'], ['wheel.html', 'the wheel', 'delay']]) {
    const page = await openPage(env.browser);
    await page.route((url) => url.pathname === '/fixtures/wheel.html', async (route) => {
      const response = await route.fetch();
      route.fulfill({ response, body: (await response.text()).replace(/data-game-delay="[^"]*"/, 'data-game-delay="3s"') });
    });
    await page.goto(`${env.shop.url}/fixtures/${fixture}`);
    await armed(page);
    await page.context().setOffline(true);
    if (trigger === 'scroll') await page.mouse.wheel(0, 2_000);
    else await page.waitForTimeout(3_500); // past the delay: its head start and the trigger fail
    const said = () => warnings(page).some((text) => text.includes('doorman-views.wasm'));
    for (let i = 0; i < 80 && !said(); i += 1) await page.waitForTimeout(100);
    assert.ok(said(), `${campaign}: the failed fetch is said`);
    assert.equal(await page.locator('doorman-widget').count(), 0, `${campaign}: nothing shows offline`);
    await page.context().setOffline(false);
    await dialog(page).waitFor({ timeout: 5_000 });
    assert.deepEqual(page.pageErrors, [], campaign);
    await page.context().close();
  }
});

/** A sign-up the shop answered 503, so it waits in the outbox; `page` shows in-body.html in Finnish. */
async function leaveASignUp(page, email) {
  await page.route((url) => url.pathname === '/fixtures/in-body.html', async (route) => {
    const response = await route.fetch();
    route.fulfill({ response, body: (await response.text()).replace('<script ', '<script data-lang="fi" ') });
  });
  const shop = { down: true };
  await page.route('**/apps/doorman/signups', (route) => (shop.down ? route.fulfill({ status: 503, contentType: 'text/plain', body: 'down' }) : route.continue()));
  await page.goto(`${env.shop.url}/fixtures/in-body.html`);
  await page.evaluate(() => window.Doorman.preview('welcome'));
  await dialog(page).locator('input[type=email]').fill(email);
  await dialog(page).locator('button[type=submit]').click();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('doorman:outbox') ?? '{}').deliveries?.[0]?.attempts >= 1);
  return shop;
}

const stored = (email) => env.shop.query(`SELECT email FROM signups WHERE email = '${email}'`).length;

test('a sign-up left from an earlier page view has the views module fetched to send it, with no language file; then nothing is fetched', async () => {
  const page = await openPage(env.browser);
  const shop = await leaveASignUp(page, 'left-over@example.com');
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname.split('/').pop()));
  shop.down = false;
  await page.reload();
  for (let i = 0; i < 100 && !stored('left-over@example.com'); i += 1) await page.waitForTimeout(100);
  assert.equal(stored('left-over@example.com'), 1, 'delivered by the next page view');
  const files = () => requested.filter((name) => name.startsWith('doorman'));
  assert.deepEqual(files(), ['doorman.js', 'doorman-glue.js', 'doorman.wasm', 'doorman-views.wasm'], 'the views module sends it; no doorman-fi.json: nothing shows');
  assert.equal(await page.locator('doorman-widget').count(), 0, 'nothing shown');
  // Signed up and nothing waits: the next page view fetches no wasm at all.
  await page.waitForFunction(() => localStorage.getItem('doorman:quiet')?.split('|')[2] === '0');
  requested.length = 0;
  await page.reload();
  await page.waitForTimeout(1_500);
  assert.deepEqual(files(), ['doorman.js']);
  assert.deepEqual(page.pageErrors, []);
  assert.ok(!warnings(page).some((text) => /loads now|stopped/.test(text)), 'nothing loaded synchronously');
  await page.context().close();
});

test('a left-over sign-up whose views module failed to load is sent when the network returns, and leaving the page loses nothing', async () => {
  const page = await openPage(env.browser);
  const shop = await leaveASignUp(page, 'back-online@example.com');
  let broken = true;
  await page.route('**/doorman-views.wasm*', (route) => (broken ? route.abort('internetdisconnected') : route.continue()));
  shop.down = false;
  await page.reload();
  const said = () => warnings(page).filter((text) => text.includes('doorman-views.wasm'));
  for (let i = 0; i < 50 && !said().length; i += 1) await page.waitForTimeout(100);
  assert.match(said()[0], /^Doorman could not show a campaign or send a sign-up with http:\/\/[^ ]+\/doorman\/doorman-views\.wasm: it could not be fetched/);
  // Leaving while the module is missing: nothing loads synchronously, the sign-up stays.
  await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
  await page.waitForTimeout(500);
  assert.equal(stored('back-online@example.com'), 0);
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('doorman:outbox'))).deliveries.length, 1, 'kept in the outbox');
  broken = false;
  await page.context().setOffline(true);
  await page.context().setOffline(false);
  for (let i = 0; i < 100 && !stored('back-online@example.com'); i += 1) await page.waitForTimeout(100);
  assert.equal(stored('back-online@example.com'), 1, 'delivered once back online');
  assert.equal(said().length, 1, 'said once');
  assert.ok(!warnings(page).some((text) => /loads now|stopped/.test(text)), 'nothing loaded synchronously');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a left-over sign-up whose views module failed to load is sent as soon as a campaign loads it', async () => {
  const page = await openPage(env.browser);
  const shop = await leaveASignUp(page, 'next-campaign@example.com');
  let broken = true;
  await page.route('**/doorman-views.wasm*', (route) => (broken ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue()));
  shop.down = false;
  await page.reload();
  for (let i = 0; i < 50 && !warnings(page).some((text) => text.includes('doorman-views.wasm')); i += 1) await page.waitForTimeout(100);
  assert.equal(stored('next-campaign@example.com'), 0, 'not while the module is missing');
  broken = false;
  await page.evaluate(() => window.Doorman.preview('welcome'));
  await dialog(page).waitFor();
  for (let i = 0; i < 50 && !stored('next-campaign@example.com'); i += 1) await page.waitForTimeout(100);
  assert.equal(stored('next-campaign@example.com'), 1, 'sent once the module is here, in this page view');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('the fonts the dialog draws with are looked up when its views are fetched ahead, before the dialog is laid out', async () => {
  const page = await openPage(env.browser);
  await recordMeasuredTexts(page);
  await welcomeIn4s(page);
  await page.goto(`${env.shop.url}/fixtures/welcome.html`);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/doorman.wasm')));
  await page.waitForTimeout(500);
  assert.deepEqual(await page.evaluate(() => window.measured), [], 'nothing while the delay is long');
  await dialog(page).waitFor({ timeout: 10_000 });
  // Weight and first family of every text the dialog shows, as the page computes them.
  const drawn = await page.evaluate(() => {
    const root = document.querySelector('doorman-widget').shadowRoot;
    const texts = [...root.querySelectorAll('[role=dialog] *')].filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
    return [...new Set(texts.map((e) => { const style = getComputedStyle(e); return `${style.fontWeight} ${style.fontFamily.split(',')[0]}`; }))].sort();
  });
  const measured = await page.evaluate(() => window.measured);
  assert.ok(measured.length > 0 && measured.every((m) => !m.mounted), JSON.stringify(measured));
  // A canvas's font reads back as "[weight ]size family, ...": 400 left out, 700 as bold.
  const warmed = new Set(measured.map(({ font }) => {
    const [, weight = '400', family] = font.match(/^(?:(\d+|bold) )?[\d.]+px ([^,]+)/) ?? assert.fail(font);
    return `${weight === 'bold' ? 700 : weight} ${family}`;
  }));
  assert.deepEqual(drawn.filter((font) => !warmed.has(font)), [], `drawn: ${drawn.join('; ')}; looked up: ${[...warmed].join('; ')}`);
  assert.ok(drawn.length >= 3, drawn.join('; '));
  assert.deepEqual(warnings(page), []);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});
