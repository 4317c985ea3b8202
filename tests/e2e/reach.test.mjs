// End to end: the languages Doorman was started for, chosen by data-lang and by the page's own
// lang, with percentages in the reader's locale; and readable text whatever the accent colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialog, openPage, screenshotPath, useShop } from './shop.mjs';

const env = useShop();

/** Serves `html` at a path of the shop, so the page loads the real widget from the shop. */
async function openGenerated(name, html, options = {}) {
  const page = await openPage(env.browser, options);
  const url = `${env.shop.url}/fixtures/generated/${name}.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
  return page;
}

const pageWith = ({ htmlAttributes = '', attributes = '' }) => `<!doctype html>
<html ${htmlAttributes}>
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <title>Generated fixture</title>
  <script src="/doorman/doorman.js" defer data-endpoint="/apps/doorman/signups" data-welcome="15%"
          data-welcome-code="WELCOME15" data-welcome-delay="0" ${attributes}></script>
</head>
<body><h1>Generated fixture</h1></body>
</html>`;

// The title of a 15% welcome offer as each language writes it, the percentage by Intl.
const LANGUAGES = [
  { lang: 'zh', pageLang: 'zh-CN', title: '首单立减15%', submit: '领取优惠码', dir: 'ltr' },
  { lang: 'zh-TW', pageLang: 'zh-HK', title: '首購享15%折扣', submit: '領取優惠碼', dir: 'ltr' },
  { lang: 'fa', pageLang: 'fa', pageDir: 'rtl', title: '۱۵٪ تخفیف برای اولین سفارش شما', submit: 'دریافت کد تخفیف', dir: 'rtl' },
  { lang: 'hu', pageLang: 'hu-HU', title: '15% kedvezmény az első rendelésedből', submit: 'Kérem a kódot', dir: 'ltr' },
  { lang: 'fi', pageLang: 'FI', title: '15\u00a0% alennusta ensimmäisestä tilauksestasi', submit: 'Haluan koodin', dir: 'ltr' },
];

for (const { lang, pageLang, pageDir, title, submit, dir } of LANGUAGES) {
  for (const chosenBy of ['data-lang', 'the page lang']) {
    test(`${lang}: chosen by ${chosenBy}, every built-in text of the welcome popup is ${lang}`, async () => {
      const html = chosenBy === 'data-lang'
        ? pageWith({ htmlAttributes: 'lang="en"', attributes: `data-lang="${lang}"` })
        : pageWith({ htmlAttributes: `lang="${pageLang}"${pageDir ? ` dir="${pageDir}"` : ''}` });
      const page = await openGenerated(`lang-${lang}`, html);
      await dialog(page).waitFor();
      const host = page.locator('doorman-widget');
      assert.equal(await host.getAttribute('dir'), dir);
      assert.equal(await dialog(page).locator('h2').textContent(), title);
      assert.equal(await dialog(page).locator('button[type=submit]').textContent(), submit);
      // An invalid address shows the error in the same language.
      await dialog(page).locator('input[type=email]').fill('not an address');
      await dialog(page).locator('button[type=submit]').click();
      const error = await dialog(page).locator('.error').textContent();
      assert.ok(error && !/Please enter/.test(error), error);
      await dialog(page).locator('input[type=email]').fill(`reach-${lang}-${chosenBy.length}@example.com`);
      await dialog(page).locator('button[type=submit]').click();
      await dialog(page).locator('output.code').waitFor();
      const [row] = await env.shop.rows(`SELECT offer_label FROM signups WHERE email = 'reach-${lang}-${chosenBy.length}@example.com'`);
      assert.equal(row.offer_label, title, 'the shop gets the offer as the shopper read it');
      if (chosenBy === 'data-lang') await page.screenshot({ path: screenshotPath(`welcome-${lang}`) });
      assert.deepEqual(page.consoleMessages.filter((m) => m.type === 'warning' || m.type === 'error'), []);
      assert.deepEqual(page.pageErrors, []);
      await page.context().close();
    });
  }
}

test('Chinese pages get the script they are written in, whatever the browser prefers: the script subtag, else the region', async () => {
  const cases = [
    ['zh-Hant-HK', 'zh-CN', 'zh-TW', '首購享15%折扣'],
    ['zh-MO', 'fi-FI', 'zh-TW', '首購享15%折扣'],
    ['zh-Hans-HK', 'zh-TW', 'zh-CN', '首单立减15%'],
  ];
  for (const [pageLang, locale, lang, title] of cases) {
    const page = await openGenerated(`lang-${pageLang}`, pageWith({ htmlAttributes: `lang="${pageLang}"` }), { locale });
    await dialog(page).waitFor();
    assert.equal(await dialog(page).locator('h2').textContent(), title, pageLang);
    assert.equal(await page.locator('doorman-widget').getAttribute('lang'), lang, pageLang);
    await page.context().close();
  }
});

/** WCAG 2.2 contrast of two computed `rgb(...)` colours. */
function contrast(a, b) {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

for (const accent of ['#f60', '#ffeb3b', '#0b7a75', '#000', '#7fdbff80']) {
  test(`accent ${accent}: button text, the copy button and focus rings meet WCAG AA`, async () => {
    const page = await openGenerated(`accent-${accent.slice(1)}`, pageWith({ htmlAttributes: 'lang="en"', attributes: `data-accent="${accent}"` }));
    await dialog(page).waitFor();
    const submit = dialog(page).locator('button[type=submit]');
    const button = await submit.evaluate((e) => { const s = getComputedStyle(e); return [s.color, s.backgroundColor]; });
    assert.ok(contrast(...button) >= 4.5, `button text ${button}: ${contrast(...button).toFixed(2)}:1`);
    await submit.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const ring = await submit.evaluate((e) => getComputedStyle(e).outlineColor);
    assert.ok(contrast(ring, 'rgb(255, 255, 255)') >= 3, `focus ring ${ring}`);
    await dialog(page).locator('input[type=email]').fill(`accent-${accent.slice(1)}@example.com`);
    await submit.click();
    const copy = dialog(page).locator('button.copy');
    await copy.waitFor();
    const ink = await copy.evaluate((e) => getComputedStyle(e).color);
    assert.ok(contrast(ink, 'rgb(255, 255, 255)') >= 4.5, `copy button text ${ink}`);
    const notices = page.consoleMessages.filter((m) => m.type === 'warning' && m.text.includes('data-accent'));
    const adjusted = ['#f60', '#ffeb3b', '#7fdbff80'].includes(accent);
    assert.equal(notices.length, adjusted ? 1 : 0, JSON.stringify(notices));
    if (adjusted) assert.match(notices[0].text, /too light for text on white \(WCAG AA asks 4\.5:1\)/);
    await page.context().close();
  });
}

// The demo's four prizes as a shop in each language writes them: the wheel must show every label
// whole — larger, on two lines or smaller before it ever cuts one.
const WHEEL_LABELS = {
  en: ['10% off', 'Free shipping', '5% off', 'No luck this time'],
  de: ['10 % Rabatt', 'Gratisversand', '5 % Rabatt', 'Diesmal leider nichts'],
  zh: ['立减10%', '免运费', '立减5%', '谢谢参与'],
  'zh-TW': ['現折10%', '免運費', '現折5%', '銘謝惠顧'],
  fa: ['۱۰٪ تخفیف', 'ارسال رایگان', '۵٪ تخفیف', 'این بار پوچ شد'],
  hu: ['10% kedvezmény', 'Ingyenes szállítás', '5% kedvezmény', 'Most nem nyertél'],
  fi: ['10 % alennus', 'Ilmainen toimitus', '5 % alennus', 'Ei voittoa tällä kertaa'],
};

for (const [lang, labels] of Object.entries(WHEEL_LABELS)) {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 320, height: 640 }]) {
    test(`${lang} wheel at ${viewport.width} px: every prize label drawn whole, in the page's direction, and listed as text`, async () => {
      const prizes = labels.map((label, i) => `${label}|CODE${i}|${i === 3 ? 0 : 10}`).join('; ');
      const html = pageWith({ htmlAttributes: `lang="${lang}"`, attributes: `data-lang="${lang}" data-welcome="off" data-game="wheel" data-game-delay="0" data-prizes="${prizes}"` });
      const page = await openPage(env.browser, { viewport });
      await page.addInitScript(() => {
        window.drawn = [];
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
          window.drawn.push({ text, direction: this.direction, font: this.font });
          return fillText.call(this, text, ...rest);
        };
      });
      const url = `${env.shop.url}/fixtures/generated/wheel-${lang}-${viewport.width}.html`;
      await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto(url);
      await dialog(page).locator('input[type=email]').fill(`wheel-${lang}-${viewport.width}@example.com`);
      await dialog(page).locator('button[type=submit]').click();
      await dialog(page).locator('canvas.wheel').waitFor();
      const drawn = await page.evaluate(() => window.drawn);
      assert.ok(drawn.length >= labels.length, `${drawn.length} texts drawn`);
      assert.deepEqual(drawn.filter((d) => d.text.includes('…')), [], 'no label is cut');
      // The first frame draws each label once, on one line or two.
      const frame = drawn.map((d) => d.text);
      let at = 0;
      for (const label of labels) {
        if (frame[at] === label) { at += 1; continue; }
        assert.equal(`${frame[at]} ${frame[at + 1]}`.replace(/^(\S+) (\S+)$/, '$1$2') === label.replace(/ /g, '') || `${frame[at]} ${frame[at + 1]}` === label || `${frame[at]}${frame[at + 1]}` === label, true,
          `${label} drawn as ${JSON.stringify(frame.slice(at, at + 2))}`);
        at += 2;
      }
      const smallest = Math.min(...drawn.map((d) => Number(d.font.match(/(\d+)px/)[1])));
      assert.ok(smallest >= 11, `no label below 11 px (${smallest})`);
      assert.ok(drawn.every((d) => (d.direction === 'rtl') === (lang === 'fa')), 'drawn in the language\'s direction');
      const listed = await dialog(page).locator('.prize-list li').allTextContents();
      assert.deepEqual(listed, labels);
      const label = await dialog(page).locator('canvas.wheel').getAttribute('aria-label');
      for (const prize of labels) assert.ok(label.includes(prize), label);
      assert.ok(!label.startsWith('Prize wheel') || lang === 'en', `named in ${lang}: ${label}`);
      const overflow = await dialog(page).evaluate((node) => node.scrollWidth - node.clientWidth);
      assert.equal(overflow, 0, 'nothing overflows sideways');
      await page.screenshot({ path: screenshotPath(`wheel-${lang}-${viewport.width}`) });
      assert.deepEqual(page.pageErrors, []);
      await page.context().close();
    });
  }
}

test('the exit prompt shows the cart total in the reader\'s locale and the cart\'s currency', async () => {
  const cart = JSON.stringify({ currency: 'EUR', items: [{ variant_id: 40001, quantity: 2, title: 'Becher', final_price: 1900 }] });
  const cases = [
    { lang: 'de', total: 'Ihr Warenkorb: 38,00\u00a0€.' },
    { lang: 'fi', total: 'Ostoskorisi: 38,00\u00a0€.' },
    { lang: 'en', total: 'Your cart: €38.00.' },
    { lang: 'fa', total: 'سبد خرید شما: ' },
  ];
  for (const { lang, total } of cases) {
    const html = pageWith({ htmlAttributes: `lang="${lang}"`, attributes: `data-lang="${lang}" data-welcome="off" data-exit="save-cart" data-cart='${cart}'` });
    const page = await openGenerated(`exit-total-${lang}`, html);
    await page.waitForFunction(() => window.Doorman);
    await page.evaluate(() => new Promise((resolve) => {
      const open = () => (window.Doorman.preview('exit'), document.querySelector('doorman-widget') ? resolve() : setTimeout(open, 100));
      open();
    }));
    const intro = await dialog(page).locator('#intro').textContent();
    assert.ok(intro.includes(total), `${lang}: ${intro}`);
    if (lang === 'fa') assert.match(intro, /۳۸٫۰۰/, 'Persian digits and decimal separator');
    await page.context().close();
  }
});

test('on a right-to-left wheel, each label keeps its own direction: "10% off" is not drawn as "off 10%"', async () => {
  const prizes = '10% off|A|1; Free shipping|B|1; ۵٪ تخفیف|C|1; ارسال رایگان|D|1';
  const html = pageWith({ htmlAttributes: 'lang="fa" dir="rtl"', attributes: `data-lang="fa" data-welcome="off" data-game="wheel" data-game-delay="0" data-prizes="${prizes}"` });
  const page = await openPage(env.browser);
  await page.addInitScript(() => {
    window.drawn = [];
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
      window.drawn.push({ text, direction: this.direction });
      return fillText.call(this, text, ...rest);
    };
  });
  const url = `${env.shop.url}/fixtures/generated/wheel-mixed.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
  await dialog(page).locator('input[type=email]').fill('mixed@example.com');
  await dialog(page).locator('button[type=submit]').click();
  await dialog(page).locator('canvas.wheel').waitFor();
  const drawn = await page.evaluate(() => window.drawn);
  const direction = (text) => drawn.find((d) => d.text === text)?.direction;
  assert.equal(direction('10% off'), 'ltr');
  assert.equal(direction('Free shipping'), 'ltr');
  assert.equal(direction('۵٪ تخفیف'), 'rtl');
  assert.equal(direction('ارسال رایگان'), 'rtl');
  await page.context().close();
});
