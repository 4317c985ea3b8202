// End to end: sign-ups delivered to Shopify's own customer form, and to Shopify and a webhook at
// once, each delivery tracked on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armed, dialog, openDialog, openPage, useShop } from './shop.mjs';

const env = useShop();

const waitForRows = (page, sql) => env.shop.rows(sql);

async function signUp(page, email) {
  await dialog(page).locator('input[type=email]').fill(email);
  await dialog(page).locator('button[type=submit]').click();
}

test('with data-endpoint="shopify" the sign-up becomes a Shopify customer with Doorman\'s tags', async () => {
  const page = await openDialog(env, '/fixtures/shopify-destination.html');
  const posts = [];
  page.on('request', (request) => { if (request.method() === 'POST') posts.push([request.url(), request.postData()]); });
  await signUp(page, 'Shopper@Example.com');
  assert.equal(await dialog(page).locator('output.code').textContent(), 'WELCOME15', 'Shopify issues no code: the static one shows');
  const [customer] = await waitForRows(page, "SELECT * FROM customers WHERE email = 'shopper@example.com'");
  assert.ok(customer, 'the customer is in the shop');
  assert.equal(customer.tags, 'doorman, doorman-welcome');
  assert.equal(customer.accepts_marketing, 1);
  // The shop can have the row before this process has heard of the request: wait for its event.
  for (let tries = 0; tries < 50 && posts.length === 0; tries += 1) await page.waitForTimeout(100);
  assert.equal(posts.length, 1);
  assert.equal(posts[0][0], `${env.shop.url}/contact`);
  const form = new URLSearchParams(posts[0][1]);
  assert.equal(form.get('form_type'), 'customer');
  assert.equal(form.get('utf8'), '✓');
  assert.equal(form.get('contact[email]'), 'Shopper@Example.com');
  assert.equal(env.shop.query("SELECT count(*) AS n FROM signups")[0].n, 0, 'no webhook was asked for');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => localStorage.getItem('doorman:outbox')), '{"deliveries":[],"set_aside":[]}', 'delivered, not retried');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a game\'s prize is a tag on the Shopify customer', async () => {
  const page = await openDialog(env, '/fixtures/shopify-wheel.html');
  await signUp(page, 'winner@example.com');
  await dialog(page).locator('.play-button').waitFor();
  const [customer] = await waitForRows(page, "SELECT tags FROM customers WHERE email = 'winner@example.com'");
  assert.match(customer.tags, /^doorman, doorman-wheel, doorman-prize-(10% off|Free shipping)$/);
  await page.context().close();
});

/** A Shopify page whose Doorman tag carries `prizes`, served by the shop at `name`. */
async function shopifyWheel(prizes, name) {
  const page = await openPage(env.browser);
  const url = `${env.shop.url}/fixtures/generated/${name}.html`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<script src="/fixtures/shopify.js"></script>
<script src="/doorman/doorman.js" defer data-endpoint="shopify" data-game="wheel" data-game-delay="0" data-prizes="${prizes}"></script>
</head><body><h1>${name}</h1></body></html>`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
  await dialog(page).waitFor();
  return page;
}

/** The tags Shopify's customer gets when `email` signs up and plays on a Shopify page whose wheel
 * has `prizes`. */
async function tagsAfterPlaying(prizes, email) {
  const page = await shopifyWheel(prizes, email.split('@')[0]);
  await signUp(page, email);
  await dialog(page).locator('.play-button:enabled').click();
  await dialog(page).locator('.result:not([hidden])').waitFor({ timeout: 8_000 });
  let customer;
  for (let tries = 0; tries < 50 && !customer; tries += 1) {
    [customer] = await waitForRows(page, `SELECT tags FROM customers WHERE email = '${email}'`);
    if (!customer) await page.waitForTimeout(100);
  }
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
  return customer?.tags;
}

// A trial's shop: a label with a comma became a tag with two spaces in it, and a "no luck" play
// was tagged as a prize.
test('a prize tag is the label as one tag, spaces kept single; a play without a prize has none', async () => {
  assert.equal(await tagsAfterPlaying('Gift,  wrap and\u00a0card|GIFT|1; Never drawn|NEVER|0', 'tagged@example.com'),
    'doorman, doorman-wheel, doorman-prize-Gift wrap and card');
  // A game nobody can win is refused: this one is won once in a million plays.
  assert.equal(await tagsAfterPlaying('Rare|RARE|1; No luck this time||1000000', 'no-luck@example.com'), 'doorman, doorman-wheel');
  // A label of commas alone names no prize: no empty tag.
  assert.equal(await tagsAfterPlaying(', ,|COMMAS|1; Never drawn|NEVER|0', 'commas@example.com'), 'doorman, doorman-wheel');
});

test('a bot-protection challenge is not a delivery: it is logged, kept and retried until Shopify accepts', async () => {
  await fetch(`${env.shop.url}/demo/challenge?on=true`, { method: 'POST' });
  const page = await openDialog(env, '/fixtures/shopify-destination.html');
  try {
    await signUp(page, 'challenged@example.com');
    await dialog(page).locator('output.code').waitFor();
    await page.waitForTimeout(500);
    assert.equal(env.shop.query("SELECT email FROM customers WHERE email = 'challenged@example.com'").length, 0);
    const warning = page.consoleMessages.find((m) => m.type === 'warning' && m.text.includes('could not deliver'));
    assert.equal(warning?.text, "Doorman: could not deliver a sign-up to shopify (Shopify's bot protection (hCaptcha on customer forms) refused it, so nothing was saved; to receive every sign-up, add a webhook beside shopify in data-endpoint); it is tried 3 times in all, then set aside.");
  } finally {
    await fetch(`${env.shop.url}/demo/challenge?on=false`, { method: 'POST' });
  }
  const rows = await waitForRows(page, "SELECT email FROM customers WHERE email = 'challenged@example.com'");
  assert.equal(rows.length, 1, 'delivered by the retry once the challenge lifted');
  await page.context().close();
});

test('Shopify and a webhook at once: the webhook failing twice neither blocks nor duplicates the Shopify delivery', async () => {
  const page = await openDialog(env, '/fixtures/shopify-and-webhook.html');
  const contactPosts = [];
  page.on('request', (request) => { if (request.url().endsWith('/contact')) contactPosts.push(request.url()); });
  await signUp(page, 'both@example.com');
  const customers = await waitForRows(page, "SELECT email FROM customers WHERE email = 'both@example.com'");
  assert.equal(customers.length, 1, 'Shopify has the customer while the webhook still fails');
  assert.equal(env.shop.query("SELECT count(*) AS n FROM signups WHERE email = 'both@example.com'")[0].n, 0);
  const [signup] = await waitForRows(page, "SELECT id FROM signups WHERE email = 'both@example.com'");
  const attempts = env.shop.query(`SELECT status FROM attempts WHERE signup_id = '${signup.id}' ORDER BY rowid`);
  assert.deepEqual(attempts.map((a) => a.status), [503, 503, 201]);
  assert.equal(contactPosts.length, 1, 'Shopify was posted to once');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('the demo inbox lists the customers the Shopify form created', async () => {
  const page = await openDialog(env, '/fixtures/shopify-destination.html');
  await signUp(page, 'inboxed@example.com');
  await waitForRows(page, "SELECT email FROM customers WHERE email = 'inboxed@example.com'");
  await page.goto(`${env.shop.url}/`);
  await page.locator('.customers td', { hasText: 'inboxed@example.com' }).waitFor({ timeout: 10_000 });
  const row = await page.locator('.customers tr', { hasText: 'inboxed@example.com' }).locator('td').allTextContents();
  assert.deepEqual(row, ['inboxed@example.com', 'doorman, doorman-welcome', 'accepts']);
  await page.context().close();
});

/**
 * A stand-in for Klaviyo's client subscriptions API, which cannot be reached from here: it
 * answers 202 only to a request of the documented shape and headers, and records those. Like
 * Klaviyo, it answers a revision retired (two years past its date) with 410 and one not yet
 * released with 400, each with JSON:API `errors`.
 */
async function klaviyoStandIn(page) {
  const accepted = [];
  const rejected = [];
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, accept, revision', 'access-control-allow-methods': 'POST' };
  await page.route('https://a.klaviyo.com/**', async (route) => {
    const request = route.request();
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    const url = new URL(request.url());
    const headers = request.headers();
    let body = null;
    try { body = JSON.parse(request.postData() ?? ''); } catch { /* rejected below */ }
    const data = body?.data;
    const profile = data?.attributes?.profile?.data;
    const common = [
      request.method() !== 'POST' && 'method',
      url.searchParams.get('company_id') !== 'AbC123' && 'company_id',
      !/^\d{4}-\d{2}-\d{2}$/.test(headers.revision ?? '') && 'revision header',
      !/^application\/(json|vnd\.api\+json)/.test(headers['content-type'] ?? '') && 'content-type',
      headers.authorization && 'a private key in Authorization',
      profile?.type !== 'profile' && 'profile.type',
      !/@/.test(profile?.attributes?.email ?? '') && 'profile email',
    ];
    // Create Client Subscription and Create Client Event, as Klaviyo's reference documents them.
    const shapes = {
      '/client/subscriptions/': [
        data?.type !== 'subscription' && 'data.type',
        typeof data?.attributes?.custom_source !== 'string' && 'custom_source',
        JSON.stringify(data?.relationships?.list?.data) !== '{"type":"list","id":"Y6nRLr"}' && 'list relationship',
      ],
      '/client/events/': [
        data?.type !== 'event' && 'data.type',
        (typeof data?.attributes?.properties !== 'object' || data.attributes.properties === null) && 'properties',
        data?.attributes?.metric?.data?.type !== 'metric' && 'metric.type',
        typeof data?.attributes?.metric?.data?.attributes?.name !== 'string' && 'metric name',
        'value' in (data?.attributes ?? {}) && typeof data.attributes.value !== 'number' && 'value',
        'time' in (data?.attributes ?? {}) && Number.isNaN(Date.parse(data.attributes.time)) && 'time',
        'unique_id' in (data?.attributes ?? {}) && typeof data.attributes.unique_id !== 'string' && 'unique_id',
      ],
    };
    const problems = [...common, ...(shapes[url.pathname] ?? ['path'])].filter(Boolean);
    const revision = headers.revision ?? '';
    const age = Date.now() - Date.parse(`${revision}T00:00:00Z`);
    if (/^\d{4}-\d{2}-\d{2}$/.test(revision) && (age > 2 * 365.25 * 86_400_000 || age < 0)) {
      const retired = age > 0;
      rejected.push([retired ? 'retired revision' : 'unknown revision']);
      const detail = retired ? `The revision ${revision} has been retired.` : `The revision ${revision} is not a valid revision.`;
      const error = { id: 'e1', status: retired ? 410 : 400, code: retired ? 'gone' : 'invalid', title: retired ? 'Gone.' : 'Invalid input.', detail, source: { header: 'revision' } };
      return route.fulfill({ status: error.status, headers: cors, contentType: 'application/vnd.api+json', body: JSON.stringify({ errors: [error] }) });
    }
    if (problems.length) {
      rejected.push(problems);
      const errors = problems.map((problem, i) => ({ id: `p${i}`, status: 400, code: 'invalid', title: 'Invalid input.', detail: `Invalid ${problem}.` }));
      return route.fulfill({ status: 400, headers: cors, contentType: 'application/vnd.api+json', body: JSON.stringify({ errors }) });
    }
    accepted.push(body);
    return route.fulfill({ status: 202, headers: cors, body: '' });
  });
  return { accepted, rejected };
}

test('Klaviyo receives exactly one valid subscription per sign-up, with consent only when given', async () => {
  const page = await openDialog(env, '/fixtures/klaviyo.html');
  const klaviyo = await klaviyoStandIn(page);
  await dialog(page).locator('input[type=email]').fill('klaviyo@example.com');
  await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('output.code').waitFor();
  for (let i = 0; i < 50 && !klaviyo.accepted.length; i += 1) await page.waitForTimeout(100);
  await waitForRows(page, "SELECT id FROM signups WHERE email = 'klaviyo@example.com'");
  await page.waitForTimeout(500);
  assert.deepEqual(klaviyo.rejected, []);
  assert.equal(klaviyo.accepted.length, 1);
  const attributes = klaviyo.accepted[0].data.attributes;
  assert.equal(attributes.custom_source, 'Doorman welcome');
  assert.deepEqual(attributes.profile.data.attributes, {
    email: 'klaviyo@example.com',
    subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } },
  });
  assert.equal(await page.evaluate(() => localStorage.getItem('doorman:outbox')), '{"deliveries":[],"set_aside":[]}', 'both destinations done');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a cart saved to Shopify carries its restore link as the customer note', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/fixtures/exit-shopify.html`);
  await page.evaluate(() => fetch('/cart/add.js', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 40002, quantity: 3 }) }));
  await armed(page); // a busy machine starts the widget later than the wait below
  await page.waitForTimeout(700);
  await page.mouse.move(400, 200);
  await page.mouse.move(400, -30);
  await dialog(page).waitFor();
  await signUp(page, 'cartnote@example.com');
  const [customer] = await waitForRows(page, "SELECT tags, note FROM customers WHERE email = 'cartnote@example.com'");
  assert.equal(customer.tags, 'doorman, doorman-exit');
  assert.equal(customer.note, `${env.shop.url}/cart/40002:3?discount=FREESHIP`);
  await page.context().close();
});

test('Klaviyo gets the current revision, and no warning about its age', async () => {
  const page = await openDialog(env, '/fixtures/delivery-klaviyo.html');
  const klaviyo = await klaviyoStandIn(page);
  const revisions = [];
  page.on('request', (request) => { if (request.url().startsWith('https://a.klaviyo.com/') && request.method() === 'POST') revisions.push(request.headers().revision); });
  await signUp(page, 'current@example.com');
  for (let i = 0; i < 100 && !klaviyo.accepted.length; i += 1) await page.waitForTimeout(100);
  assert.equal(klaviyo.accepted.length, 1);
  assert.deepEqual(revisions, ['2026-10-15']);
  assert.deepEqual(page.consoleMessages.filter((m) => /revision/.test(m.text)), []);
  await page.context().close();
});

test('a retired Klaviyo revision: one warning naming the newer one, Klaviyo\'s detail logged, set aside after three tries', async () => {
  const page = await openPage(env.browser);
  const klaviyo = await klaviyoStandIn(page);
  await page.goto(`${env.shop.url}/fixtures/delivery-klaviyo-old.html`);
  await dialog(page).waitFor();
  await signUp(page, 'retired@example.com');
  for (let i = 0; i < 200 && !(await page.evaluate(() => window.undeliverable.length)); i += 1) await page.waitForTimeout(100);
  assert.equal(klaviyo.rejected.length, 3, 'tried three times, not forever');
  assert.deepEqual(klaviyo.accepted, []);
  const texts = page.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
  assert.deepEqual(texts.filter((t) => /18 months/.test(t)), [
    'Doorman: Klaviyo API revision 2024-10-15 is more than 18 months old, and Klaviyo retires a revision two years after its date. Remove data-klaviyo-revision or set it to 2026-10-15 or newer.',
  ]);
  assert.deepEqual(texts.filter((t) => /Klaviyo refused it/.test(t)), [
    'Doorman: could not deliver a sign-up to klaviyo:AbC123:Y6nRLr (Klaviyo refused it: The revision 2024-10-15 has been retired.); it is tried 3 times in all, then set aside.',
    "Doorman: a sign-up for klaviyo:AbC123:Y6nRLr is set aside and will not be retried (Klaviyo refused it: The revision 2024-10-15 has been retired.); it is kept under set_aside in localStorage's doorman:outbox.",
  ]);
  const [detail] = await page.evaluate(() => window.undeliverable);
  assert.equal(detail.destination, 'klaviyo:AbC123:Y6nRLr');
  const entry = (await page.evaluate(() => window.dataLayer)).find((e) => e.event === 'doorman_undeliverable');
  assert.equal(entry.doorman_destination, 'klaviyo');
  await page.context().close();
});

test('a cart saved to Klaviyo is also a "Doorman Saved Cart" event carrying its restore link, for a flow to email', async () => {
  const cart = JSON.stringify([{ id: 40001, quantity: 2, title: 'Stoneware Mug', price: 1900 }]);
  const page = await openPage(env.browser);
  const klaviyo = await klaviyoStandIn(page);
  const url = `${env.shop.url}/fixtures/generated/klaviyo-cart.html`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Klaviyo cart</title>
<script src="/doorman/doorman.js" defer data-welcome="off" data-exit="save-cart" data-exit-code="FREESHIP" data-cart='${cart}'
        data-klaviyo-key="AbC123" data-klaviyo-list="Y6nRLr"></script></head><body><h1>Klaviyo cart</h1></body></html>`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
  await page.waitForFunction(() => window.Doorman);
  await page.evaluate(() => new Promise((resolve) => {
    const open = () => (window.Doorman.preview('exit'), document.querySelector('doorman-widget') ? resolve() : setTimeout(open, 100));
    open();
  }));
  await signUp(page, 'cart@example.com');
  assert.equal(await dialog(page).locator('.result-text').textContent(), 'Saved! Your cart link is on its way to your inbox.', 'Klaviyo can email it, so it is promised');
  for (let i = 0; i < 50 && klaviyo.accepted.length < 2; i += 1) await page.waitForTimeout(100);
  assert.deepEqual(klaviyo.rejected, []);
  assert.deepEqual(klaviyo.accepted.map((body) => body.data.type), ['subscription', 'event']);
  const event = klaviyo.accepted[1].data.attributes;
  assert.equal(event.metric.data.attributes.name, 'Doorman Saved Cart');
  assert.equal(event.profile.data.attributes.email, 'cart@example.com');
  assert.equal(event.properties.restore_url, `${env.shop.url}/cart/40001:2?discount=FREESHIP`);
  assert.deepEqual(event.properties.items, [{ variant_id: 40001, title: 'Stoneware Mug', quantity: 2, price: 19 }]);
  assert.equal(event.value, 38);
  assert.match(event.unique_id, /^[0-9a-f-]{36}$/);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => localStorage.getItem('doorman:outbox')), '{"deliveries":[],"set_aside":[]}', 'delivered once');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});
