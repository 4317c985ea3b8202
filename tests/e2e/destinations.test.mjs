// End to end: sign-ups delivered to Shopify's own customer form, and to Shopify and a webhook at
// once, each delivery tracked on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openDialog, openPage, useShop } from './shop.mjs';

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
  assert.equal(posts.length, 1);
  assert.equal(posts[0][0], `${env.shop.url}/contact`);
  const form = new URLSearchParams(posts[0][1]);
  assert.equal(form.get('form_type'), 'customer');
  assert.equal(form.get('utf8'), '✓');
  assert.equal(form.get('contact[email]'), 'Shopper@Example.com');
  assert.equal(env.shop.query("SELECT count(*) AS n FROM signups")[0].n, 0, 'no webhook was asked for');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => localStorage.getItem('doorman:outbox')), '{"deliveries":[]}', 'delivered, not retried');
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

test('a bot-protection challenge is not a delivery: it is logged, kept and retried until Shopify accepts', async () => {
  await fetch(`${env.shop.url}/demo/challenge?on=true`, { method: 'POST' });
  const page = await openDialog(env, '/fixtures/shopify-destination.html');
  try {
    await signUp(page, 'challenged@example.com');
    await dialog(page).locator('output.code').waitFor();
    await page.waitForTimeout(500);
    assert.equal(env.shop.query("SELECT email FROM customers WHERE email = 'challenged@example.com'").length, 0);
    const warning = page.consoleMessages.find((m) => m.type === 'warning' && m.text.includes('could not deliver'));
    assert.match(warning?.text ?? '', /to shopify \(Shopify asked for a bot-protection challenge, so nothing was saved\); it is kept and retried\./);
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
 * answers 202 only to a request of the documented shape and headers, and records those.
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
    const problems = [
      request.method() !== 'POST' && 'method',
      url.pathname !== '/client/subscriptions/' && 'path',
      url.searchParams.get('company_id') !== 'AbC123' && 'company_id',
      !/^\d{4}-\d{2}-\d{2}$/.test(headers.revision ?? '') && 'revision header',
      !/^application\/(json|vnd\.api\+json)/.test(headers['content-type'] ?? '') && 'content-type',
      headers.authorization && 'a private key in Authorization',
      data?.type !== 'subscription' && 'data.type',
      typeof data?.attributes?.custom_source !== 'string' && 'custom_source',
      profile?.type !== 'profile' && 'profile.type',
      !/@/.test(profile?.attributes?.email ?? '') && 'profile email',
      JSON.stringify(data?.relationships?.list?.data) !== '{"type":"list","id":"Y6nRLr"}' && 'list relationship',
    ].filter(Boolean);
    if (problems.length) {
      rejected.push(problems);
      return route.fulfill({ status: 400, headers: cors, contentType: 'application/vnd.api+json', body: JSON.stringify({ errors: problems }) });
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
  assert.equal(await page.evaluate(() => localStorage.getItem('doorman:outbox')), '{"deliveries":[]}', 'both destinations done');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a cart saved to Shopify carries its restore link as the customer note', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/fixtures/exit-shopify.html`);
  await page.evaluate(() => fetch('/cart/add.js', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 40002, quantity: 3 }) }));
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
