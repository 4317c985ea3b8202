// End to end: the demo inbox and the shop's sign-up list as an attacker would probe them —
// hostile and malformed rows planted in the shop's database render as text without executing,
// and another origin's page can neither read the sign-ups nor plant or switch anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openOtherOrigin, openPage, useShop } from './shop.mjs';

const env = useShop();

const sqlText = (value) => (value === null ? 'NULL' : `'${String(value).replaceAll("'", "''")}'`);

/** Writes a row straight into the shop's database, as an older shop (or another tool) might have
 * stored it: nothing here went through today's checks. */
function plant(row) {
  const full = {
    id: crypto.randomUUID(), shop: 'acme', campaign: 'exit', email: 'planted@example.com', consent_given: 0,
    consent_text: null, offer_label: 'free shipping', offer_code: null, issued_code: null, page: 'http://x/',
    locale: 'en', timestamp: '2026-11-23T10:00:00.000Z', cart: null, restore_url: null, prize_index: null,
    prize_label: null, prize_code: null, report: '{}', ...row,
  };
  const columns = Object.keys(full);
  env.shop.query(`INSERT INTO signups (${columns.join(', ')}) VALUES (${columns.map((c) => sqlText(full[c])).join(', ')})`);
}

const cart = JSON.stringify({ items: [{ variant_id: 40001, quantity: 2, title: 'Mug', unit_price: 1900 }], currency: 'EUR', total: 3800 });

test('hostile and malformed rows render as text, and nothing from a sign-up runs or becomes a link', async () => {
  const own = `${env.shop.url}/cart/40001:2`;
  const rows = [
    { email: 'javascript@example.com', cart, restore_url: 'javascript:window.pwned=1' },
    { email: 'null-cart@example.com', cart: null, restore_url: own },
    { email: 'data@example.com', cart, restore_url: 'data:text/html,<script>window.pwned=2</script>' },
    { email: 'offsite@example.com', cart, restore_url: 'https://evil.example/cart/40001:2' },
    { email: 'not-json@example.com', cart: '{"items": [', restore_url: own },
    { email: 'items-null@example.com', cart: '{"items": null}', restore_url: own },
    { email: 'quantity-text@example.com', cart: '{"items": [{"quantity": "<b>2</b>"}, null]}', restore_url: own },
    { email: '<img src=x onerror="window.pwned=3">', campaign: '<script>window.pwned=4</script>', received_at: 'yesterday' },
    { email: 'prize@example.com', campaign: 'wheel', prize_index: 0, prize_label: '<svg onload="window.pwned=5">', prize_code: null },
    { email: 'typed-wrong@example.com', consent_given: 'yes', prize_index: 'first', prize_label: null, received_at: '' },
    { email: 'good@example.com', cart, restore_url: own },
  ];
  for (const row of rows) plant(row);

  const page = await openPage(env.browser);
  await page.addInitScript(() => localStorage.setItem('doorman:visitor', JSON.stringify({ welcome_closed_at: Date.now() })));
  await page.goto(`${env.shop.url}/`);
  await page.waitForFunction((n) => document.querySelectorAll('.inbox tbody tr').length === n, rows.length, { timeout: 10_000 });

  const texts = await page.locator('.inbox tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));
  for (const row of rows) {
    assert.ok(texts.some((text) => text.includes(row.email)), `${row.email} has its row`);
  }
  // Only the link the inbox built itself, to this shop, is a link; every other restore link is text.
  const links = await page.locator('.inbox a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links.sort(), Array(5).fill(own), 'links only for restore links on this shop');
  const shown = (email) => page.locator('.inbox tbody tr', { hasText: email }).locator('td').nth(6).textContent();
  assert.equal(await shown('javascript@example.com'), '2 items: javascript:window.pwned=1');
  assert.equal(await shown('offsite@example.com'), '2 items: https://evil.example/cart/40001:2');
  assert.equal(await shown('null-cart@example.com'), '0 items');
  assert.equal(await shown('quantity-text@example.com'), '0 items');
  assert.equal(await page.locator('.inbox img, .inbox script, .inbox svg, .inbox b').count(), 0, 'no markup from a sign-up');
  // Clicking the hostile rows' cells runs nothing either.
  for (const cell of await page.locator('.inbox tbody tr', { hasText: 'javascript@example.com' }).locator('td').all()) await cell.click();
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(page.pageErrors, [], 'the inbox throws on no row');

  // The scrollable inbox is reachable from the keyboard and named for screen readers.
  const region = page.getByRole('region', { name: "Sign-ups in the shop's database" });
  await region.focus();
  assert.equal(await region.evaluate((node) => node === document.activeElement), true);
  await page.context().close();
});

test('another origin can neither read the sign-ups, nor plant one without a preflight, nor flip a demo switch', async () => {
  // Another origin (another port on the same host, so same-site: Sec-Fetch-Site says same-site).
  const other = await openOtherOrigin(env);
  const { page } = other;
  try {
    const signup = {
      id: crypto.randomUUID(), shop: 'acme', campaign: 'welcome', email: 'planted-by-another-site@example.com',
      consent: { given: false, text: null }, offer: { label: '15% off', code: null }, page: `${other.url}/`,
      locale: 'en', timestamp: '2026-11-23T10:00:00.000Z', cart: null, restore_url: null, prize: null,
    };
    const outcome = await page.evaluate(async ({ shop, signup }) => {
      const read = (path) => fetch(`${shop}${path}`).then((r) => r.json()).then(() => 'read', () => 'blocked');
      const body = JSON.stringify(signup);
      const simple = (type) => fetch(`${shop}/apps/doorman/signups`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': type }, body })
        .then(() => 'sent', () => 'failed');
      return {
        list: await read('/apps/doorman/signups'),
        customers: await read('/demo/customers.json'),
        json: await fetch(`${shop}/apps/doorman/signups`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then(() => 'answered', () => 'blocked'),
        text: await simple('text/plain'),
        form: await simple('application/x-www-form-urlencoded'),
        multipart: await simple('multipart/form-data; boundary=x'),
        challenge: await fetch(`${shop}/demo/challenge?on=true`, { method: 'POST', mode: 'no-cors' }).then(() => 'sent', () => 'failed'),
      };
    }, { shop: env.shop.url, signup });
    assert.deepEqual(outcome, { list: 'blocked', customers: 'blocked', json: 'blocked', text: 'sent', form: 'sent', multipart: 'sent', challenge: 'sent' });
    assert.deepEqual(env.shop.query("SELECT id FROM signups WHERE email = 'planted-by-another-site@example.com'"), [], 'no sign-up planted');
    const contact = await fetch(`${env.shop.url}/contact`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'form_type=customer&contact%5Bemail%5D=after-switch%40example.com',
    });
    assert.equal(contact.headers.get('location'), '/?customer_posted=true#contact_form', 'the challenge switch stayed off');
    await page.context().close();
  } finally {
    other.stop();
  }
});
