// End to end: README's example endpoint (docs/endpoint/shopify-codes.mjs) mints a single-use
// Shopify discount code per welcome sign-up, against a stand-in of Shopify's Admin GraphQL API
// that accepts only the documented discountCodeBasicCreate request, and the widget in Chromium
// shows that code. Retries and repeat sign-ups get the same code; one discount is made.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ROOT, dialog, launchBrowser, openPage } from './shop.mjs';
import { serveOrigin } from './origin.mjs';

const TOKEN = 'shpat_0123456789abcdef';
const env = { mutations: [], rejected: [] };

/** Shopify's Admin API as documented for this call: anything else is refused. */
function adminApi(request, response, body) {
  const refuse = (why) => {
    env.rejected.push(why);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: why }] }));
  };
  if (request.method !== 'POST' || request.url !== '/admin/api/2026-01/graphql.json') return refuse(`${request.method} ${request.url}`);
  if (request.headers['x-shopify-access-token'] !== TOKEN) {
    return response.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":"[API] Invalid API key or access token"}');
  }
  if (!/^application\/json/.test(request.headers['content-type'] ?? '')) return refuse('content-type');
  const { query, variables } = JSON.parse(body);
  if (!/discountCodeBasicCreate\(basicCodeDiscount: \$basicCodeDiscount\)/.test(query) || !/\$basicCodeDiscount: DiscountCodeBasicInput!/.test(query)) return refuse('query');
  const input = variables?.basicCodeDiscount ?? {};
  const allowed = ['title', 'code', 'startsAt', 'endsAt', 'context', 'customerGets', 'usageLimit', 'appliesOncePerCustomer', 'combinesWith', 'minimumRequirement'];
  const unknown = Object.keys(input).filter((key) => !allowed.includes(key));
  if (unknown.length) return refuse(`unknown fields ${unknown}`);
  if (typeof input.title !== 'string' || typeof input.code !== 'string' || Number.isNaN(Date.parse(input.startsAt))) return refuse('title, code, startsAt');
  if (JSON.stringify(input.context) !== '{"all":"ALL"}') return refuse('context');
  const percentage = input.customerGets?.value?.percentage;
  if (!(percentage > 0 && percentage <= 1) || input.customerGets?.items?.all !== true) return refuse('customerGets');
  env.mutations.push(input);
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
    data: { discountCodeBasicCreate: { codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${env.mutations.length}` }, userErrors: [] } },
  }));
}

before(async () => {
  env.admin = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => adminApi(request, response, body));
  });
  await new Promise((resolve) => env.admin.listen(0, '127.0.0.1', resolve));
  env.page = await serveOrigin((url) => {
    if (['/doorman.js', '/doorman-glue.js', '/doorman.wasm', '/doorman-views.wasm'].includes(url.pathname)) return { file: join(ROOT, 'dist', url.pathname) };
    if (url.pathname === '/page.html') {
      return { body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Shop</title>
<script src="/doorman.js" defer data-endpoint="${env.signups}" data-welcome="15%" data-welcome-code="STATIC15" data-welcome-delay="0"></script>
</head><body><h1>A shop</h1></body></html>` };
    }
    return null;
  });
  env.endpoint = spawn(process.execPath, [join(ROOT, 'docs/endpoint/shopify-codes.mjs')], {
    env: { ...process.env, PORT: '0', SHOP: 'acme.myshopify.com', SHOPIFY_ADMIN_TOKEN: TOKEN, PERCENT: '15 || 10', ALLOW_ORIGIN: env.page.url,
      SHOPIFY_ADMIN_URL: `http://127.0.0.1:${env.admin.address().port}/admin/api/2026-01/graphql.json` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  env.signups = await new Promise((resolve, reject) => {
    let output = '';
    env.endpoint.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/Doorman endpoint: (http:\S+)/);
      if (match) resolve(match[1]);
    });
    env.endpoint.on('exit', (code) => reject(new Error(`endpoint exited with ${code}: ${output}`)));
  });
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  env.endpoint?.kill();
  await env.page?.close();
  await new Promise((resolve) => env.admin?.close(resolve));
});

const post = (body) => fetch(env.signups, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('the example endpoint mints one single-use Shopify code per email, which the widget shows', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.page.url}/page.html`);
  await dialog(page).waitFor();
  const delivery = page.waitForRequest((request) => request.url() === env.signups && request.method() === 'POST');
  await dialog(page).locator('input[type=email]').fill('Ada@Example.com');
  await dialog(page).locator('button[type=submit]').click();
  const signup = (await delivery).postDataJSON();
  const shown = dialog(page).locator('output.code');
  await page.waitForFunction(() => /WELCOME-/.test(document.querySelector('doorman-widget').shadowRoot.querySelector('output.code')?.textContent ?? ''));
  assert.deepEqual(env.rejected, []);
  assert.equal(env.mutations.length, 1);
  const [made] = env.mutations;
  assert.match(made.code, /^WELCOME-[0-9A-F]{8}$/);
  assert.equal(await shown.textContent(), made.code, 'the minted code, not the static one');
  assert.deepEqual([made.usageLimit, made.appliesOncePerCustomer, made.customerGets.value.percentage], [1, true, 0.15]);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();

  // A retried delivery, and the same shopper signing up again: the same code, no new discount.
  const retry = await post(signup);
  assert.equal(retry.status, 200);
  assert.deepEqual(await retry.json(), { id: signup.id, code: made.code, duplicate: true });
  const again = await post({ ...signup, id: 'another-id', email: 'ada@example.com' });
  assert.equal(again.status, 201);
  assert.equal((await again.json()).code, made.code);
  assert.equal(env.mutations.length, 1);
});

test('with one percentage per variant, each code is minted for the offer its variant promised', async () => {
  const before = env.mutations.length;
  const signup = (id, email, variant) => ({ id, campaign: 'welcome', variant, email });
  const b = await post(signup('v-b', 'bea@example.com', 'b'));
  assert.equal(b.status, 201);
  const a = await post(signup('v-a', 'abe@example.com', null));
  assert.equal(a.status, 201);
  const made = env.mutations.slice(before);
  assert.deepEqual(made.map((m) => [m.code, m.customerGets.value.percentage]), [
    [(await b.json()).code, 0.1],
    [(await a.json()).code, 0.15],
  ], 'variant b gets 10%; a report without a variant gets the first offer');
  assert.deepEqual(env.rejected, []);
});

test('the example endpoint refuses what it should', async () => {
  const bad = await post({ id: 'x1', campaign: 'welcome', email: 'not an address' });
  assert.equal(bad.status, 422);
  assert.deepEqual(await bad.json(), { error: 'not an email address', field: 'email' });
  const exit = await post({ id: 'x2', campaign: 'exit', email: 'cart@example.com' });
  assert.deepEqual(await exit.json(), { id: 'x2', code: null, duplicate: false }, 'only welcome sign-ups get a code');
  const statuses = [];
  for (let i = 0; i < 12; i += 1) statuses.push((await post({ id: `flood-${i}`, campaign: 'exit', email: `f${i}@example.com` })).status);
  assert.ok(statuses.includes(429), `rate-limited: ${statuses}`);
});
