// End to end: view reports and sign-ups naming their variant, sent by a real browser's `fetch`
// from a page on the shop exactly as README's "View reports" describes them, counted by the
// preview shop in its SQLite file and read back as rates in the demo inbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openOtherOrigin, openPage, useShop } from './shop.mjs';

const env = useShop();

const view = (campaign, variant, path = '/products/stoneware-mug') => ({ campaign, variant, path, at: new Date().toISOString() });

const signup = (origin, campaign, variant, n) => ({
  id: crypto.randomUUID(), shop: 'hearth-preview', campaign, variant, email: `rates${n}@example.com`,
  consent: { given: false, text: null }, offer: { label: '15% off', code: null }, page: `${origin}/`,
  locale: 'en', timestamp: new Date().toISOString(), cart: null, restore_url: null, prize: null,
});

/** Posts `body` as JSON from the page, as the widget will; resolves to the status and answer. */
const post = (page, path, body) => page.evaluate(async ({ path, body }) => {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, answer: await response.json() };
}, { path, body });

test('views and variant sign-ups sent from the browser become rates in the demo inbox', async () => {
  const page = await openPage(env.browser);
  // A visitor who closed the welcome popup before, so the page's own widget stays quiet.
  await page.addInitScript(() => localStorage.setItem('doorman:visitor', JSON.stringify({ welcome_closed_at: Date.now() })));
  await page.goto(`${env.shop.url}/`);

  const first = {
    id: crypto.randomUUID(), shop: 'hearth-preview',
    views: [view('welcome', 'a'), view('welcome', 'a'), view('welcome', 'a', '/'), view('welcome', 'b'), view('welcome', 'b'), view('wheel', 'a')],
  };
  assert.deepEqual(await post(page, '/apps/doorman/views', first), { status: 201, answer: { id: first.id, accepted: 6, duplicate: false } });
  // The same batch again, as after a lost answer: counted once.
  assert.deepEqual(await post(page, '/apps/doorman/views', first), { status: 200, answer: { id: first.id, accepted: 6, duplicate: true } });
  const second = {
    id: crypto.randomUUID(), shop: 'hearth-preview',
    views: [view('welcome', 'a'), view('welcome', 'b'), view('welcome', 'b'), view('wheel', 'a', '/'), view('wheel', 'a'), view('scratch', 'b')],
  };
  assert.equal((await post(page, '/apps/doorman/views', second)).status, 201);
  // A view carrying a query string is refused whole: nothing personal is stored.
  const leaky = { id: crypto.randomUUID(), shop: 'hearth-preview', views: [view('welcome', 'a', '/account?email=ada@example.com')] };
  assert.deepEqual((await post(page, '/apps/doorman/views', leaky)).answer.field, 'path');

  // welcome a: 4 views, 1 sign-up; welcome b: 4 views, 2; wheel a: 3 views, 1; scratch b: 1 view, none;
  // exit a: a sign-up, no views.
  const signups = [['welcome', 'a'], ['welcome', 'b'], ['welcome', 'b'], ['exit', 'a'], ['wheel', 'a']];
  for (const [n, [campaign, variant]] of signups.entries()) {
    const { status, answer } = await post(page, '/apps/doorman/signups', signup(env.shop.url, campaign, variant, n));
    assert.equal(status, 201, JSON.stringify(answer));
  }
  assert.deepEqual(env.shop.query('SELECT campaign, variant, count(*) AS n FROM views GROUP BY campaign, variant ORDER BY campaign, variant'), [
    { campaign: 'scratch', variant: 'b', n: 1 }, { campaign: 'welcome', variant: 'a', n: 4 }, { campaign: 'welcome', variant: 'b', n: 4 },
    { campaign: 'wheel', variant: 'a', n: 3 },
  ]);
  assert.deepEqual(env.shop.query("SELECT count(*) AS n FROM views WHERE path LIKE '%?%'"), [{ n: 0 }]);
  // A row no check of today would let in, planted as an older shop or another tool might have:
  // the table shows it as text.
  env.shop.query(`INSERT INTO signups (id, shop, campaign, variant, email, consent_given, offer_label, page, locale, timestamp, report)
    VALUES ('planted', 'x', '<img src=x onerror="window.pwned=1">', '<b>z</b>', 'p@example.com', 0, 'x', 'p', 'en', 't', '{}')`);

  // The inbox refreshes on its own: wait for the table to show every row.
  const rows = () => page.locator('.rates tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  const expected = [
    ['<img src=x onerror="window.pwned=1">', '<b>z</b>', '0', '1', '—'],
    ['exit', 'a', '0', '1', '—'],
    ['scratch', 'b', '1', '0', '0%'],
    ['welcome', 'a', '4', '1', '25%'],
    ['welcome', 'b', '4', '2', '50%'],
    ['wheel', 'a', '3', '1', '33.3%'],
  ];
  let shown = [];
  for (let tries = 0; tries < 100 && JSON.stringify(shown) !== JSON.stringify(expected); tries += 1) {
    await page.waitForTimeout(100);
    shown = await rows();
  }
  assert.deepEqual(shown, expected);
  assert.equal(await page.locator('.rates img, .rates b').count(), 0, 'no markup from a stored row');
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  // Reachable from the keyboard and named, like the other inbox tables.
  const region = page.getByRole('region', { name: 'Views, sign-ups and rate per campaign and variant' });
  assert.equal(await region.getAttribute('tabindex'), '0');
  await region.focus();
  assert.equal(await region.evaluate((node) => node === document.activeElement), true);
  assert.equal(await page.locator('.rates caption').textContent(), 'Views, sign-ups and rate per campaign and variant, as the shop received them');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('another origin can neither read the statistics nor post views', async () => {
  const other = await openOtherOrigin(env);
  const { page } = other;
  try {
    const before = env.shop.query('SELECT count(*) AS n FROM views');
    const outcome = await page.evaluate(async ({ shop, body }) => ({
      stats: await fetch(`${shop}/apps/doorman/stats`).then((r) => r.json()).then(() => 'read', () => 'blocked'),
      json: await fetch(`${shop}/apps/doorman/views`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(() => 'answered', () => 'blocked'),
      text: await fetch(`${shop}/apps/doorman/views`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body })
        .then(() => 'sent', () => 'failed'),
    }), { shop: env.shop.url, body: JSON.stringify({ id: crypto.randomUUID(), shop: 'x', views: [view('welcome', 'a')] }) });
    assert.deepEqual(outcome, { stats: 'blocked', json: 'blocked', text: 'sent' });
    assert.deepEqual(env.shop.query('SELECT count(*) AS n FROM views'), before, 'no view planted');
    await page.context().close();
  } finally {
    other.stop();
  }
});
