// The merchant's side of the demo: a control for every attribute (from the same table the widget
// parses and README documents, served by the preview shop), live re-mounting, previews, the tag
// to paste, and counts per campaign from the widget's own events.
const tag = document.querySelector('script[src$="/doorman/doorman.js"]');
const $ = (selector) => document.querySelector(selector);
const el = (name, props = {}, ...children) => {
  const node = Object.assign(document.createElement(name), props);
  node.append(...children);
  return node;
};
const DEMO_PRIZES = '10% off|SPIN10|30; Free shipping|FREESHIP|20; 5% off|SPIN5|40; No luck this time||10';
// Conveniences of this demo page that a shop should not copy: shorter waits than the defaults.
const DEMO_ONLY = { 'welcome-delay': '3s', 'exit-min-time': '2s' };

// The merchant's settings, which the tag to copy shows: the page's tag without the demo's
// conveniences, then every change made in the controls. Previews change the running tag only.
const settings = new Map([...tag.attributes]
  .filter((a) => a.name.startsWith('data-') && DEMO_ONLY[a.name.slice(5)] !== a.value)
  .map((a) => [a.name.slice(5), a.value]));

function restart() {
  // The widget reports each unusable value again as it restarts (doorman:warning).
  for (const warning of document.querySelectorAll('.controls .warning')) warning.remove();
  window.Doorman?.restart();
  showTag();
}

function setAttribute(name, value) {
  if (value === '') tag.removeAttribute(`data-${name}`);
  else tag.setAttribute(`data-${name}`, value);
}

function setSetting(name, value) {
  if (value === '') settings.delete(name);
  else settings.set(name, value);
  setAttribute(name, value);
}

// The widget's own verdict on each value, shown beside its field rather than only in the console.
addEventListener('doorman:warning', (event) => {
  const { attribute, message } = event.detail;
  const control = document.getElementById(`attribute-${attribute}`)?.closest('.control');
  if (!control) return;
  control.querySelector('.warning')?.remove();
  const id = `attribute-${attribute}-warning`;
  control.append(el('p', { id, className: 'warning', role: 'alert', textContent: message }));
  control.querySelector('input, select')?.setAttribute('aria-describedby', `attribute-${attribute}-doc ${id}`);
});

let attributes = [];

async function showControls() {
  attributes = await (await fetch('/demo/attributes.json')).json();
  const field = $('#ab-attribute');
  if (!field.options.length) {
    field.replaceChildren(...attributes.filter((a) => a.name !== 'variant-split').map((a) => el('option', { value: a.name, textContent: `data-${a.name}` })));
    field.value = 'welcome';
  }
  $('.controls').replaceChildren(...attributes.map((attribute) => {
    const id = `attribute-${attribute.name}`;
    const current = settings.get(attribute.name) ?? '';
    let control;
    if (attribute.choices.length) {
      const values = ['', ...attribute.choices.filter((c) => c !== attribute.default)];
      if (current && !values.includes(current)) values.push(current);
      control = el('select', { id }, ...values.map((value) =>
        el('option', { value, textContent: value === '' ? `${attribute.default || 'none'} (default)` : value })));
      control.value = current;
    } else {
      control = el('input', { id, type: 'text', value: current, placeholder: attribute.default || 'none' });
    }
    control.setAttribute('aria-describedby', `${id}-doc`);
    control.addEventListener('change', () => {
      control.setAttribute('aria-describedby', `${id}-doc`);
      setSetting(attribute.name, control.value.trim());
      restart();
      // Words, pictures and the font are seen in their dialog: it opens with the change.
      const shown = previewOf(attribute.name);
      if (shown) preview(shown);
    });
    return el('div', { className: 'control' },
      el('label', { htmlFor: id, textContent: `data-${attribute.name}` }),
      control,
      el('p', { id: `${id}-doc`, className: 'doc', textContent: attribute.doc }));
  }));
}

/** The campaign whose dialog shows `name`'s value: its own texts and picture, and the font. */
function previewOf(name) {
  const campaign = name === 'font' ? 'welcome' : name.match(/^(welcome|exit|game)-(title|text|button|success|image)$/)?.[1];
  if (campaign !== 'game') return campaign;
  return tag.getAttribute('data-game') === 'scratch' ? 'scratch' : 'wheel';
}

const escape = (value) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A second variant for one field: its value becomes `current || b`, each alternative one variant. */
async function addVariant() {
  const name = $('#ab-attribute').value;
  const value = $('#ab-value').value.trim();
  if (!value) return;
  const current = settings.get(name) || attributes.find((a) => a.name === name)?.default || '';
  setSetting(name, current ? `${current} || ${value}` : value);
  await showControls();
  restart();
}

// Which variant this visitor sees, from the widget's own events.
addEventListener('doorman:shown', (event) => {
  $('.variant-status').textContent = `This visitor sees variant ${event.detail.variant} (${event.detail.campaign}).`;
});

/** A path among the endpoint's destinations made absolute on this shop: the tag works on any page. */
const absoluteEndpoint = (value) => value.split(/\s+/).filter(Boolean)
  .map((destination) => (destination.startsWith('/') ? new URL(destination, location.origin).href : destination)).join(' ');

/** The exact tag for the merchant's settings: absolute URLs, only the attributes that are set. */
function currentTag() {
  const lines = [...settings].map(([name, value]) =>
    `        data-${name}="${escape(name === 'endpoint' || name === 'views' ? absoluteEndpoint(value) : value)}"`);
  return `<script src="${new URL(tag.getAttribute('src'), location.href).href}" defer${lines.length ? `\n${lines.join('\n')}` : ''}></script>`;
}

function showTag() {
  $('.tag').textContent = currentTag();
}

async function copyTag() {
  try {
    await navigator.clipboard.writeText(currentTag());
    $('.copy-status').textContent = 'Copied. Paste it into your theme, before </head>.';
  } catch {
    getSelection().selectAllChildren($('.tag'));
    $('.copy-status').textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
}

/** Opens a campaign now; what it needs is set on the running tag only, never on the tag to copy. */
function preview(campaign) {
  if (campaign === 'wheel' || campaign === 'scratch') {
    if (!tag.getAttribute('data-prizes')) setAttribute('prizes', DEMO_PRIZES);
    setAttribute('game', campaign);
    restart();
  }
  if (campaign === 'exit' && tag.getAttribute('data-exit') !== 'save-cart') {
    setAttribute('exit', 'save-cart');
    restart();
  }
  window.Doorman?.preview(campaign);
}

// Counts per campaign, from the events every shop script can listen to.
const COUNTS = 'demo:counts';
const readCounts = () => JSON.parse(localStorage.getItem(COUNTS) || '{}');
function count(step, campaign) {
  const counts = readCounts();
  counts[campaign] ??= { shown: 0, closed: 0, signup: 0 };
  counts[campaign][step] += 1;
  localStorage.setItem(COUNTS, JSON.stringify(counts));
  showCounts();
}

function showCounts() {
  const counts = readCounts();
  $('.counts tbody').replaceChildren(...Object.entries(counts).map(([campaign, c]) => el('tr', {},
    el('th', { scope: 'row', textContent: campaign }),
    el('td', { textContent: c.shown }),
    el('td', { textContent: c.closed }),
    el('td', { textContent: c.signup }),
    el('td', { textContent: c.shown ? `${Math.round((100 * c.signup) / c.shown)}%` : '—' }))));
}

for (const step of ['shown', 'closed', 'signup']) {
  addEventListener(`doorman:${step}`, (event) => count(step, event.detail.campaign));
}
for (const button of document.querySelectorAll('[data-preview]')) {
  button.addEventListener('click', () => preview(button.dataset.preview));
}
$('.copy-tag').addEventListener('click', copyTag);
$('.ab-add').addEventListener('click', addVariant);
$('.reset').addEventListener('click', () => {
  for (const key of Object.keys(localStorage)) if (key.startsWith('doorman:')) localStorage.removeItem(key);
  restart();
  $('.reset-status').textContent = 'Visitor forgotten: the widget starts as for a first visit.';
});
showControls();
showTag();
showCounts();
