// The demo storefront: products and cart from the preview shop's Shopify-compatible API, and
// the inbox of sign-ups the shop received.
window.Shopify = window.Shopify || { shop: 'hearth-preview.myshopify.com', routes: { root: '/' } };

const money = (cents, currency = 'EUR') =>
  new Intl.NumberFormat(document.documentElement.lang, { style: 'currency', currency }).format(cents / 100);
const $ = (selector) => document.querySelector(selector);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

async function showProducts() {
  const { products } = await (await fetch('/products.json')).json();
  $('.products').replaceChildren(...products.map((product) => {
    const variant = product.variants[0];
    const swatch = el('div', { className: 'swatch' });
    swatch.style.background = product.colour;
    const add = el('button', { type: 'button', className: 'add', textContent: 'Add to cart' });
    add.dataset.variant = variant.id;
    add.addEventListener('click', () => addToCart(variant.id, add));
    const link = el('a', { href: `/product.html?handle=${encodeURIComponent(product.handle)}`, textContent: product.title });
    return el('li', { className: 'product' }, swatch, el('h3', {}, link),
      el('p', { className: 'price', textContent: money(Math.round(parseFloat(variant.price) * 100)) }), add);
  }));
}

/** The product page: one product from the catalogue, by its handle. */
async function showProduct() {
  const handle = new URLSearchParams(location.search).get('handle');
  const { products } = await (await fetch('/products.json')).json();
  const product = products.find((p) => p.handle === handle);
  if (!product) {
    $('.product-detail').replaceChildren(el('p', { textContent: 'This product is not in the shop.' }));
    return;
  }
  document.title = `${product.title} — Hearth & Co.`;
  const variant = product.variants[0];
  const swatch = el('div', { className: 'swatch large' });
  swatch.style.background = product.colour;
  const add = el('button', { type: 'button', className: 'add', textContent: 'Add to cart' });
  add.addEventListener('click', () => addToCart(variant.id, add));
  $('.product-detail').replaceChildren(swatch, el('div', {},
    el('h1', { textContent: product.title }),
    el('p', { className: 'price', textContent: money(Math.round(parseFloat(variant.price) * 100)) }),
    el('p', { textContent: 'Made in small batches by people who use it every day. Ships in two to three days.' }),
    add));
}

async function addToCart(variantId, button) {
  button.disabled = true;
  await fetch('/cart/add.js', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: variantId, quantity: 1 }) });
  button.disabled = false;
  await showCart();
}

async function showCart() {
  const cart = await (await fetch('/cart.js')).json();
  $('.cart-count').textContent = cart.item_count;
  $('.cart-lines').replaceChildren(...cart.items.map((item) =>
    el('li', { textContent: `${item.quantity} × ${item.title} — ${money(item.line_price, cart.currency)}` })));
  $('.cart-total').textContent = cart.item_count ? `Total ${money(cart.total_price, cart.currency)}` : 'Your cart is empty.';
  $('.cart-discount').textContent = cart.discount_codes.length ? `Discount ${cart.discount_codes[0].code} will apply at checkout.` : '';
}

function toggleCart(open) {
  $('#cart').hidden = !open;
  $('.cart-button').setAttribute('aria-expanded', String(open));
  if (open) $('.cart-close').focus();
}

async function showCustomers() {
  const response = await fetch('/demo/customers.json').catch(() => null);
  if (!response || !response.ok) return;
  const { customers } = await response.json().catch(() => ({}));
  $('.customers tbody').replaceChildren(...(Array.isArray(customers) ? customers : []).map((c) => el('tr', {},
    el('td', { textContent: asText(c?.email) }),
    el('td', { textContent: asText(c?.tags) }),
    el('td', { textContent: c?.accepts_marketing ? 'accepts' : 'no' }))));
}

/** Any stored value as plain text: what a sign-up carries is data, never markup or a link. */
const asText = (value) => {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/** `link` when it is an http(s) link to this very shop, else null: only those become links. */
function shopLink(link) {
  try {
    const url = new URL(String(link));
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

/** The saved-cart cell: the item count, linked to the restore link only when it is this shop's. */
function savedCart(signup) {
  if (!signup.restore_url && !signup.cart) return [];
  const items = Array.isArray(signup.cart?.items) ? signup.cart.items : [];
  const count = items.reduce((n, item) => n + (Number.isFinite(item?.quantity) ? item.quantity : 0), 0);
  const label = `${count} ${count === 1 ? 'item' : 'items'}`;
  if (!signup.restore_url) return [label];
  const href = shopLink(signup.restore_url);
  if (href) return [el('a', { href, textContent: label })];
  // Another site's link (or no link at all) is shown, never followed from here.
  return [`${label}: `, el('code', { textContent: asText(signup.restore_url) })];
}

/** One inbox row, built from text nodes only; any stored row renders, even one the shop would
 * refuse today (a legacy row with a missing cart or consent). */
function inboxRow(signup) {
  const s = signup && typeof signup === 'object' ? signup : {};
  const when = new Date(s.received_at);
  const prize = s.prize && typeof s.prize === 'object'
    ? `${asText(s.prize.label)}${s.prize.code ? ` (${asText(s.prize.code)})` : ''}` : '';
  return el('tr', {},
    el('td', { textContent: Number.isNaN(when.getTime()) ? asText(s.received_at) : when.toLocaleTimeString() }),
    el('td', { textContent: asText(s.email) }),
    el('td', { textContent: asText(s.campaign) }),
    el('td', { textContent: s.consent?.given ? 'given' : 'not given' }),
    el('td', { textContent: asText(s.issued_code ?? s.offer?.code) }),
    el('td', { textContent: prize }),
    el('td', {}, ...savedCart(s)),
    el('td', { textContent: asText(s.attempts) }));
}

/** A rate (sign-ups per view) as a percentage with one decimal; a dash when there were no views. */
const percent = (rate) => (Number.isFinite(rate)
  ? new Intl.NumberFormat(document.documentElement.lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate)
  : '—');

/** Views, sign-ups and rate per campaign and variant, from the shop's statistics. A sign-up of no
 * variant (from a widget older than variants) shows as "none". */
async function showRates() {
  const response = await fetch('/apps/doorman/stats').catch(() => null);
  if (!response || !response.ok) return;
  const { stats } = await response.json().catch(() => ({}));
  $('.rates tbody').replaceChildren(...(Array.isArray(stats) ? stats : []).map((s) => el('tr', {},
    el('td', { textContent: asText(s?.campaign) }),
    el('td', { textContent: s?.variant == null ? 'none' : asText(s.variant) }),
    el('td', { textContent: asText(s?.views) }),
    el('td', { textContent: asText(s?.signups) }),
    el('td', { textContent: percent(s?.rate) }))));
}

async function showInbox() {
  if (!$('.inbox')) return;
  showCustomers();
  showRates();
  const response = await fetch('/apps/doorman/signups').catch(() => null);
  if (!response || !response.ok) return;
  const answer = await response.json().catch(() => ({}));
  const signups = Array.isArray(answer.signups) ? answer.signups : [];
  // The list comes a page at a time (the newest first); the count is of every sign-up stored.
  const total = Number.isFinite(answer.total) ? answer.total : signups.length;
  $('.inbox-count').textContent = total > signups.length ? `(newest ${signups.length} of ${total})` : `(${total})`;
  $('.inbox tbody').replaceChildren(...signups.map((signup) => {
    try {
      return inboxRow(signup);
    } catch {
      return el('tr', {}, el('td', { colSpan: 8, textContent: 'A sign-up this inbox cannot show.' }));
    }
  }));
}

$('.cart-button').addEventListener('click', () => toggleCart($('#cart').hidden));
$('.cart-close').addEventListener('click', () => toggleCart(false));
for (const step of ['shown', 'closed', 'signup', 'prize']) {
  addEventListener(`doorman:${step}`, () => setTimeout(showInbox, 300));
}
if ($('.products')) showProducts();
if ($('.product-detail')) showProduct();
showCart().then(() => { if (new URLSearchParams(location.search).get('cart') === 'restored') toggleCart(true); });
showInbox();
setInterval(showInbox, 3000);
