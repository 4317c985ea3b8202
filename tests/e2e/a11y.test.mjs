// End to end: axe-core (WCAG 2.0 A and AA, 2.1 AA, 2.2 AA) finds nothing in any state of the
// widget — on the default accent, on a light merchant accent, and right to left in Persian — and
// nothing in the demo's inbox. Each run checks that the widget's own nodes were examined, so a
// widget axe cannot see would fail rather than pass empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openPage, ROOT, useShop } from './shop.mjs';

const env = useShop();
const AXE = `${ROOT}node_modules/axe-core/axe.min.js`;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PRIZES = '10% off|SPIN10|30; Free shipping|FREESHIP|20; 5% off|SPIN5|40; No luck this time||10';
const BANNER = '/fixtures/generated/banner.svg';
const CART = '[{"id": 40001, "quantity": 2, "title": "Stoneware Mug", "price": 1900}]';

const LOOKS = [
  { name: 'default accent', html: 'lang="en"', attributes: '' },
  { name: 'accent #f60', html: 'lang="en"', attributes: 'data-accent="#f60"' },
  { name: 'Persian', html: 'lang="fa" dir="rtl"', attributes: 'data-lang="fa"' },
  {
    name: 'own texts and pictures',
    html: 'lang="en"',
    attributes: ['welcome', 'exit', 'game'].map((campaign) => `data-${campaign}-title="Our ${campaign} <b>offer</b>" `
      + `data-${campaign}-text="Words of the shop's own." data-${campaign}-button="Count me in" `
      + `data-${campaign}-success="Thank you!" data-${campaign}-image="${BANNER}"`).join(' '),
  },
];

const CAMPAIGNS = {
  welcome: 'data-welcome="15%" data-welcome-code="WELCOME15" data-welcome-delay="0"',
  exit: `data-welcome="off" data-exit="save-cart" data-exit-incentive="free shipping" data-exit-code="FREESHIP" data-cart='${CART}'`,
  wheel: `data-game="wheel" data-game-delay="0" data-prizes="${PRIZES}"`,
  scratch: `data-game="scratch" data-game-delay="0" data-prizes="${PRIZES}"`,
};

async function open(name, look, campaign) {
  const page = await openPage(env.browser, { reducedMotion: 'reduce' });
  const url = `${env.shop.url}/fixtures/generated/a11y-${name}.html`;
  const html = `<!doctype html>
<html ${look.html}>
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>Accessibility fixture</title>
  <script src="/doorman/doorman.js" defer data-endpoint="/apps/doorman/signups"
          data-consent="Yes, email me offers." ${CAMPAIGNS[campaign]} ${look.attributes}></script>
</head>
<body><main><h1>Accessibility fixture</h1><p>A host page.</p></main></body>
</html>`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.route(`${env.shop.url}${BANNER}`, (route) => route.fulfill({
    contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="600" height="300" fill="#0b7a75"/></svg>',
  }));
  await page.goto(url);
  return page;
}

/** Runs axe on the widget and asserts no violation, and that its nodes were examined. */
async function assertAccessible(page, state) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async (tags) => {
    const found = await window.axe.run({ include: [['doorman-widget']] }, { runOnly: { type: 'tag', values: tags } });
    const summarise = (items) => items.map((item) => ({
      id: item.id,
      nodes: item.nodes.map((node) => ({ target: JSON.stringify(node.target), summary: node.failureSummary })),
    }));
    return { violations: summarise(found.violations), passes: summarise(found.passes) };
  }, TAGS);
  assert.deepEqual(results.violations, [], `${state}: ${JSON.stringify(results.violations, null, 1)}`);
  const examined = results.passes.flatMap((rule) => rule.nodes).filter((node) => node.target.includes('doorman-widget'));
  assert.ok(examined.length >= 3, `${state}: axe examined the widget's nodes (${examined.length})`);
  const contrastChecked = results.passes.some((rule) => rule.id === 'color-contrast');
  assert.ok(contrastChecked, `${state}: colour contrast was checked`);
}

async function fillEmail(page, email) {
  await dialog(page).locator('input[type=email]').fill(email);
  await dialog(page).locator('input[type=checkbox]').check();
  await dialog(page).locator('button[type=submit]').click();
}

for (const look of LOOKS) {
  const slug = look.name.replace(/\W+/g, '-');

  test(`welcome popup, ${look.name}: open, invalid email, code revealed`, async () => {
    const page = await open(`welcome-${slug}`, look, 'welcome');
    await dialog(page).waitFor();
    await assertAccessible(page, 'welcome open');
    await dialog(page).locator('input[type=email]').fill('not an address');
    await dialog(page).locator('button[type=submit]').click();
    await dialog(page).locator('input[aria-invalid=true]').waitFor();
    await assertAccessible(page, 'invalid email');
    await fillEmail(page, `a11y-welcome-${slug}@example.com`);
    await dialog(page).locator('output.code').waitFor();
    await assertAccessible(page, 'code revealed');
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test(`exit prompt, ${look.name}`, async () => {
    const page = await open(`exit-${slug}`, look, 'exit');
    await page.waitForFunction(() => window.Doorman && document.readyState === 'complete');
    await page.evaluate(() => new Promise((resolve) => {
      const tryPreview = () => (window.Doorman.preview('exit'), document.querySelector('doorman-widget') ? resolve() : setTimeout(tryPreview, 100));
      tryPreview();
    }));
    await dialog(page).waitFor();
    await assertAccessible(page, 'exit prompt');
    await page.context().close();
  });

  test(`wheel, ${look.name}: before and after the spin`, async () => {
    const page = await open(`wheel-${slug}`, look, 'wheel');
    await dialog(page).waitFor();
    await assertAccessible(page, 'wheel sign-up, the wheel on show and locked');
    await fillEmail(page, `a11y-wheel-${slug}@example.com`);
    await dialog(page).locator('.play-button:enabled').waitFor();
    await assertAccessible(page, 'wheel before the spin');
    await dialog(page).locator('.play-button').click();
    await dialog(page).locator('.result:not([hidden])').waitFor({ timeout: 8_000 });
    await assertAccessible(page, 'wheel after the spin');
    await page.context().close();
  });

  test(`scratch card, ${look.name}: teaser tab, before and after`, async () => {
    const page = await open(`scratch-${slug}`, look, 'scratch');
    await dialog(page).waitFor();
    await page.keyboard.press('Escape');
    const teaser = page.locator('doorman-widget button');
    await teaser.waitFor();
    await assertAccessible(page, 'teaser tab');
    await teaser.click();
    await dialog(page).waitFor();
    await fillEmail(page, `a11y-scratch-${slug}@example.com`);
    await dialog(page).locator('.play-button:enabled').waitFor();
    await assertAccessible(page, 'scratch card before');
    await dialog(page).locator('.play-button').click();
    await dialog(page).locator('.result:not([hidden])').waitFor({ timeout: 8_000 });
    await assertAccessible(page, 'scratch card after');
    await page.context().close();
  });
}

test('the demo page and its inbox pass axe too', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.shop.url}/`);
  await page.locator('.inbox').waitFor({ state: 'attached' });
  for (const region of await page.locator('.inbox-scroll').all()) {
    assert.equal(await region.getAttribute('tabindex'), '0', 'a scrollable table is reachable by keyboard');
  }
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const found = await window.axe.run({ include: [['.inbox-scroll']] }, { runOnly: { type: 'tag', values: tags } });
    return found.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
  }, TAGS);
  assert.deepEqual(violations, []);
  await page.context().close();
});
