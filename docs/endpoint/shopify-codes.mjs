// A Doorman sign-up endpoint that answers each welcome sign-up with a single-use Shopify discount
// code, made with the Admin GraphQL API's discountCodeBasicCreate. Plain Node.js 20, no
// dependencies. Run:
//
//   SHOP=acme.myshopify.com SHOPIFY_ADMIN_TOKEN=shpat_... ALLOW_ORIGIN=https://acme.example \
//     PERCENT=15 node docs/endpoint/shopify-codes.mjs
//
// An A/B test of two discounts in the tag (data-welcome="15% || 10%") needs the same alternatives
// here, in the same order: PERCENT="15 || 10" mints each code for the offer of the sign-up's
// variant ("a" the first, "b" the second, ...), so no shopper gets another discount than promised.
//
// and set data-endpoint="https://<where this runs>/apps/doorman/signups". The token is an Admin
// API access token with the write_discounts scope (a custom app's). It keeps its records in
// memory, which is enough to try it: a real endpoint keeps them in its database, as the preview
// shop does (shop/src/db.rs), and sits behind HTTPS. SHOPIFY_ADMIN_URL points it at another Admin
// API, such as the stand-in its test uses.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

const {
  SHOP, SHOPIFY_ADMIN_TOKEN, ALLOW_ORIGIN = '*', PERCENT = '15', PORT = '8787', HOST = '127.0.0.1',
  SHOPIFY_ADMIN_URL = `https://${SHOP}/admin/api/2026-01/graphql.json`,
} = process.env;
const PATH = '/apps/doorman/signups';
// One percentage per variant, as the tag lists its alternatives; a variant past the list takes the
// last, as the tag's own rule does.
const PERCENTS = PERCENT.split('||').map((value) => Number(value.trim().replace(/%$/, '')));
if (!PERCENTS.every((percent) => percent > 0 && percent <= 100)) {
  console.error(`PERCENT=${JSON.stringify(PERCENT)}: expected a percentage from 1 to 100, or one per variant such as "15 || 10"`);
  process.exit(1);
}
const percentFor = (variant) => PERCENTS[Math.min(Math.max(0, ['a', 'b', 'c', 'd'].indexOf(variant)), PERCENTS.length - 1)];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RATE_LIMIT = 10; // sign-ups per address and minute

const MUTATION = `mutation CreateCode($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`;

// Promises, not values: a retry that arrives while the first delivery is still minting waits
// for the same code instead of minting a second one.
const answers = new Map(); // sign-up id -> Promise<answer>
const codes = new Map(); // lower-cased email -> Promise<code>
const recent = new Map(); // client address -> times of its sign-ups in the last minute

/** A discount code usable once, by one customer, for `percent` off every item. */
async function mintCode(email, percent) {
  const code = `WELCOME-${randomBytes(4).toString('hex').toUpperCase()}`;
  const response = await fetch(SHOPIFY_ADMIN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': SHOPIFY_ADMIN_TOKEN ?? '' },
    body: JSON.stringify({
      query: MUTATION,
      variables: {
        basicCodeDiscount: {
          title: `Doorman welcome ${email}`,
          code,
          startsAt: new Date().toISOString(),
          context: { all: 'ALL' },
          customerGets: { value: { percentage: percent / 100 }, items: { all: true } },
          usageLimit: 1,
          appliesOncePerCustomer: true,
        },
      },
    }),
  });
  const body = await response.json().catch(() => ({}));
  const errors = [...(body.errors ?? []), ...(body.data?.discountCodeBasicCreate?.userErrors ?? [])];
  if (!response.ok || errors.length || !body.data?.discountCodeBasicCreate?.codeDiscountNode) {
    throw new Error(`discountCodeBasicCreate: HTTP ${response.status} ${JSON.stringify(errors)}`);
  }
  return code;
}

async function answer(signup) {
  if (signup.campaign !== 'welcome') return { id: signup.id, code: null };
  const key = signup.email.toLowerCase();
  if (!codes.has(key)) codes.set(key, mintCode(signup.email, percentFor(signup.variant)).catch((error) => { codes.delete(key); throw error; }));
  return { id: signup.id, code: await codes.get(key) };
}

function rateLimited(address, now = Date.now()) {
  const times = (recent.get(address) ?? []).filter((time) => now - time < 60_000);
  times.push(now);
  recent.set(address, times);
  return times.length > RATE_LIMIT;
}

const server = createServer(async (request, response) => {
  const send = (status, body) => response.writeHead(status, {
    'content-type': 'application/json',
    'access-control-allow-origin': ALLOW_ORIGIN,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'content-type',
    vary: 'origin',
  }).end(body === undefined ? undefined : JSON.stringify(body));
  if (new URL(request.url, 'http://endpoint').pathname !== PATH) return send(404, { error: 'not found' });
  if (request.method === 'OPTIONS') return send(204);
  if (request.method !== 'POST') return send(405, { error: 'POST only' });
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 65_536) return send(413, { error: 'too large' });
  }
  let signup;
  try { signup = JSON.parse(text); } catch { return send(400, { error: 'not JSON', field: null }); }
  if (typeof signup?.id !== 'string' || !signup.id) return send(422, { error: 'no id', field: 'id' });
  if (typeof signup.email !== 'string' || !EMAIL.test(signup.email)) return send(422, { error: 'not an email address', field: 'email' });
  const repeat = answers.has(signup.id);
  if (!repeat) {
    if (rateLimited(request.socket.remoteAddress)) return send(429, { error: 'too many sign-ups, try later' });
    answers.set(signup.id, answer(signup).catch((error) => { answers.delete(signup.id); throw error; }));
  }
  try {
    // Store the consent record here too: consent.given, consent.text, timestamp, page, id.
    send(repeat ? 200 : 201, { ...(await answers.get(signup.id)), duplicate: repeat });
  } catch (error) {
    console.error(error.message);
    send(502, { error: 'could not make a code, try later' }); // Doorman keeps the sign-up and retries
  }
});

server.listen(Number(PORT), HOST, () => {
  console.log(`Doorman endpoint: http://${HOST}:${server.address().port}${PATH}`);
});
