// End to end: the ways a merchant installs Doorman. The npm package as packed, served the way
// public npm CDNs lay it out; a renamed loader with a query string; a wasm and a glue named
// outright; a wrong name, which gives one clear message; and the Shopify snippet, rendered with a
// theme's Liquid values.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, normalize } from 'node:path';
import { ROOT, dialog, launchBrowser, openPage, startShop, waitFor } from './shop.mjs';
import { serveOrigin } from './origin.mjs';

const VERSION = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"$/m)[1];
const DIST = join(ROOT, 'dist');
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const env = {};

before(async () => {
  // The package exactly as `make package` assembles it from this build, packed and installed
  // from its tarball into an empty folder, as a CDN unpacks a published version.
  execFileSync('node', ['tools/package.mjs'], { cwd: ROOT, stdio: 'ignore' });
  const packs = mkdtempSync(join(tmpdir(), 'doorman-pack-'));
  [env.packed] = JSON.parse(execFileSync('npm', ['pack', join(ROOT, 'target/package'), '--pack-destination', packs, '--json'],
    { cwd: packs, encoding: 'utf8' }));
  env.install = mkdtempSync(join(tmpdir(), 'doorman-install-'));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packs, env.packed.filename)],
    { cwd: env.install, stdio: 'ignore' });
  const installed = join(env.install, 'node_modules/doorman-widget');
  const inside = (base, path) => { const file = normalize(join(base, path)); return file.startsWith(base) ? file : null; };
  env.cdn = await serveOrigin((url) => {
    const npm = url.pathname.match(/^\/npm\/doorman-widget@([^/]+)\/(.+)$/);
    if (npm) return npm[1] === VERSION ? { file: inside(installed, npm[2]) } : null;
    const [, folder, name] = url.pathname.match(/^\/(\w+(?:\/\w+)?)\/([\w.-]+)$/) ?? [];
    const js = { file: join(DIST, 'doorman.js') };
    const wasm = { file: join(DIST, 'doorman.wasm') };
    const glue = { file: join(DIST, 'doorman-glue.js') };
    // Beside every loader, its glue; `noglue` has none, `oldglue` another release's.
    if (name === 'doorman-glue.js' && !['noglue', 'oldglue'].includes(folder)) return glue;
    // Beside the wasm of these two, every language's file; beside every wasm that loads, the views.
    if (LANGUAGE_FILES.includes(name) && ['self/assets', 'split/bin'].includes(folder)) return { file: join(DIST, name) };
    if (name === 'doorman-views.wasm' && ['self/assets', 'split/bin', 'csp'].includes(folder)) return { file: join(DIST, name) };
    switch (`${folder}/${name}`) {
      case 'self/assets/doorman.min.js': case 'missing/doorman.js': case 'html/doorman.js': case 'octet/doorman.js': case 'plain/doorman.js': case 'empty/doorman.js': case 'gzipped/doorman.js': case 'badencoding/doorman.js': case 'split/js/doorman.js':
      case 'nocors/doorman.js': case 'release/doorman.js': case 'noglue/doorman.js': case 'oldglue/doorman.js': case 'csp/doorman.js':
        return js;
      case 'split/bin/widget-1-glue.js':
        return glue;
      case 'self/assets/doorman.wasm': case 'split/bin/widget-1.wasm': case 'noglue/doorman.wasm': case 'oldglue/doorman.wasm':
      case 'csp/doorman.wasm':
        return wasm;
      case 'oldglue/doorman-glue.js': // valid JavaScript, but not the glue this loader was built with
        return { body: `${readFileSync(glue.file, 'utf8')}\n// another build\n`, type: 'text/javascript' };
      case 'html/doorman.wasm':
        return { body: '<!doctype html><title>Page not found</title>', type: 'text/html; charset=utf-8' };
      case 'octet/doorman.wasm':
        return { ...wasm, type: 'application/octet-stream' };
      case 'octet/doorman-views.wasm':
        return { file: join(DIST, name), type: 'application/octet-stream' };
      case 'plain/doorman.wasm':
        return { ...wasm, type: 'text/plain' };
      case 'plain/doorman-views.wasm':
        return { file: join(DIST, name), type: 'text/plain' };
      case 'empty/doorman.wasm':
        return { body: Buffer.alloc(0), type: 'application/wasm' };
      case 'gzipped/doorman.wasm': // compressed on disk and sent as it is, without Content-Encoding
        return { body: gzipSync(readFileSync(wasm.file)), type: 'application/wasm' };
      case 'badencoding/doorman.wasm': // says gzip, sends the plain file: the browser cannot decode it
        return { ...wasm, headers: { 'content-encoding': 'gzip' } };
      case 'nocors/doorman.wasm':
        return { ...wasm, cors: false };
      case 'release/doorman.wasm': // a valid module, but not the one this glue was built with
        return { body: Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]), type: 'application/wasm' };
      default:
        return null;
    }
  });
  env.pages = mkdtempSync(join(tmpdir(), 'doorman-install-pages-'));
  env.shop = await startShop({ fixtures: env.pages });
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  env.shop?.stop();
  await env.cdn?.close();
});

/** Writes a page with `tag` in its head to the shop's fixtures; returns its URL on the shop. */
function page(name, tag, { lang = 'en', head = '' } = {}) {
  writeFileSync(join(env.pages, name), `<!doctype html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<title>${name}</title>\n${head}${tag}\n</head>\n<body><h1>${name}</h1></body>\n</html>\n`);
  return `${env.shop.url}/fixtures/${name}`;
}

const doormanMessages = (p) => p.consoleMessages.filter((m) => /Doorman|wasm/i.test(m.text)).map((m) => m.text);

async function signUp(p, email) {
  await dialog(p).locator('input[type=email]').fill(email);
  const consent = dialog(p).locator('input[type=checkbox]');
  if (await consent.count()) await consent.check();
  await dialog(p).locator('button[type=submit]').click();
  await dialog(p).locator('output.code').waitFor();
}

const LANGUAGE_FILES = ['ar', 'de', 'es', 'fa', 'fi', 'fr', 'he', 'hu', 'nl', 'zh-CN', 'zh-TW'].map((tag) => `doorman-${tag}.json`);

test('the packed package holds the three files, each language\'s file, README and licence, versioned from Cargo.toml', async () => {
  assert.equal(env.packed.name, 'doorman-widget');
  assert.equal(env.packed.version, VERSION);
  assert.deepEqual(env.packed.files.map((f) => f.path).sort(), [
    'LICENSE', 'README.md', ...LANGUAGE_FILES.map((file) => `dist/${file}`), 'dist/doorman-glue.js', 'dist/doorman.js', 'dist/doorman.wasm', 'dist/doorman-views.wasm', 'package.json',
  ].sort());
  const installed = join(env.install, 'node_modules/doorman-widget');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.license, 'MIT');
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'nothing to install beside it');
  for (const file of ['doorman.js', 'doorman-glue.js', 'doorman.wasm', 'doorman-views.wasm', ...LANGUAGE_FILES]) {
    assert.ok(readFileSync(join(installed, 'dist', file)).equals(readFileSync(join(DIST, file))), `${file} is this build's`);
  }
  assert.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^MIT License/);
  // The README's first tag pins this version and this doorman.js by its SRI hash.
  const readme = readFileSync(join(installed, 'README.md'), 'utf8');
  const tag = readme.match(/<script [^>]*>/)[0];
  assert.match(tag, new RegExp(`src="https://cdn\\.jsdelivr\\.net/npm/doorman-widget@${VERSION.replace(/\./g, '\\.')}/dist/doorman\\.js"`));
  assert.ok(tag.includes(`integrity="${sri(readFileSync(join(DIST, 'doorman.js')))}"`), `${tag} carries this build's hash`);
  assert.ok(tag.includes('crossorigin="anonymous"'));
});

test('from the npm CDN layout on another origin, pinned with SRI, the welcome popup runs end to end', async () => {
  const src = `${env.cdn.url}/npm/doorman-widget@${VERSION}/dist/doorman.js`;
  const hash = sri(readFileSync(join(DIST, 'doorman.js')));
  const url = page('cdn.html', `<script src="${src}" integrity="${hash}" crossorigin="anonymous" defer data-shop="cdn-shop" data-endpoint="${env.shop.url}/apps/doorman/signups" data-welcome="15%" data-welcome-code="CDN15" data-welcome-delay="0"></script>`);
  const p = await openPage(env.browser);
  await p.goto(url);
  await dialog(p).waitFor();
  assert.equal(await dialog(p).locator('h2').textContent(), '15% off your first order');
  await signUp(p, 'cdn@example.com');
  const rows = await env.shop.rows("SELECT shop, offer_code FROM signups WHERE email = 'cdn@example.com'");
  assert.deepEqual(rows, [{ shop: 'cdn-shop', offer_code: 'CDN15' }]);
  assert.ok(env.cdn.requests.includes(`/npm/doorman-widget@${VERSION}/dist/doorman.wasm`), `wasm from the package: ${env.cdn.requests}`);
  assert.ok(env.cdn.requests.includes(`/npm/doorman-widget@${VERSION}/dist/doorman-glue.js`), `glue from the package: ${env.cdn.requests}`);
  // The pinned loader pins the glue in turn: it loads it with this build's hash.
  const glue = await p.evaluate(() => performance.getEntriesByType('resource').find((r) => r.name.includes('doorman-glue.js'))?.initiatorType);
  assert.equal(glue, 'script');
  assert.ok(readFileSync(join(DIST, 'doorman.js'), 'utf8').includes(sri(readFileSync(join(DIST, 'doorman-glue.js')))), 'the loader carries the glue\'s hash');
  assert.equal(await p.locator('script[src*="doorman-glue"]').count(), 0, 'the glue\'s element is gone once it ran');
  assert.deepEqual(await p.evaluate(() => Object.keys(window).filter((key) => /wasm|bindgen|doorman/i.test(key))), ['Doorman'], 'no global but Doorman');
  assert.deepEqual(doormanMessages(p), []);
  assert.deepEqual(p.pageErrors, []);
  await p.context().close();

  // The hash is enforced: another doorman.js under the pinned tag does not run at all.
  const tampered = page('cdn-tampered.html', `<script src="${src}" integrity="sha384-${'A'.repeat(64)}" crossorigin="anonymous" defer></script>`);
  const q = await openPage(env.browser);
  await q.goto(tampered);
  await q.waitForFunction(() => document.readyState === 'complete');
  assert.equal(await q.evaluate(() => typeof window.Doorman), 'undefined');
  await q.context().close();
});

test('a Hungarian shop gets its language\'s file from beside the wasm: the npm CDN, a renamed loader with a query, a wasm named in data-wasm', async () => {
  const hungarian = JSON.parse(readFileSync(join(ROOT, 'src/texts/hu.json'), 'utf8'));
  const layouts = [
    [`${env.cdn.url}/npm/doorman-widget@${VERSION}/dist/doorman.js`, '', `/npm/doorman-widget@${VERSION}/dist/doorman-hu.json`],
    [`${env.cdn.url}/self/assets/doorman.min.js?v=7`, '', '/self/assets/doorman-hu.json?v=7'],
    [`${env.cdn.url}/split/js/doorman.js`, `data-wasm="${env.cdn.url}/split/bin/widget-1.wasm" data-glue="${env.cdn.url}/split/bin/widget-1-glue.js"`, '/split/bin/doorman-hu.json'],
  ];
  for (const [src, named, file] of layouts) {
    const before = env.cdn.requests.length;
    const url = page('hungarian.html', `<script src="${src}" defer ${named} data-lang="hu" data-endpoint="${env.shop.url}/apps/doorman/signups" data-welcome="15%" data-welcome-delay="0"></script>`);
    const p = await openPage(env.browser);
    await p.goto(url);
    await dialog(p).waitFor();
    assert.equal(await dialog(p).locator('button[type=submit]').textContent(), hungarian.submit, src);
    assert.deepEqual(env.cdn.requests.slice(before).filter((path) => path.includes('.json')), [file], src);
    assert.deepEqual(doormanMessages(p), [], src);
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});

test('a renamed loader with a query string finds doorman.wasm in its folder, with the same query', async () => {
  const url = page('renamed.html', `<script src="${env.cdn.url}/self/assets/doorman.min.js?v=1" defer data-endpoint="${env.shop.url}/apps/doorman/signups" data-welcome-delay="0"></script>`);
  const p = await openPage(env.browser);
  await p.goto(url);
  await dialog(p).waitFor();
  assert.ok(env.cdn.requests.includes('/self/assets/doorman.wasm?v=1'), `${env.cdn.requests}`);
  assert.ok(env.cdn.requests.includes('/self/assets/doorman-glue.js?v=1'), `${env.cdn.requests}`);
  await signUp(p, 'renamed@example.com');
  assert.equal((await env.shop.rows("SELECT id FROM signups WHERE email = 'renamed@example.com'")).length, 1);
  assert.deepEqual(doormanMessages(p), []);
  assert.deepEqual(p.pageErrors, []);
  await p.context().close();
});

test('data-wasm and data-glue name a wasm and a glue of another name and folder', async () => {
  const url = page('data-wasm.html', `<script src="${env.cdn.url}/split/js/doorman.js" defer data-wasm="${env.cdn.url}/split/bin/widget-1.wasm" data-welcome-delay="0"></script>`);
  const p = await openPage(env.browser);
  await p.goto(url);
  await dialog(p).waitFor();
  assert.ok(env.cdn.requests.includes('/split/bin/widget-1.wasm'));
  assert.ok(env.cdn.requests.includes('/split/js/doorman-glue.js'), 'without data-glue the glue is beside the script');
  assert.deepEqual(doormanMessages(p), [], 'data-wasm is a known attribute');
  assert.deepEqual(p.pageErrors, []);
  await p.context().close();

  // A file store that renamed both (Shopify's Files adds a suffix to a name already taken).
  const glue = `${env.cdn.url}/split/bin/widget-1-glue.js`;
  const renamed = page('data-glue.html', `<script src="${env.cdn.url}/split/js/doorman.js" defer data-wasm="${env.cdn.url}/split/bin/widget-1.wasm" data-glue="${glue}" data-welcome-delay="0"></script>`);
  const beside = env.cdn.requests.filter((path) => path === '/split/js/doorman-glue.js').length;
  const q = await openPage(env.browser);
  await q.goto(renamed);
  await dialog(q).waitFor();
  assert.ok(env.cdn.requests.includes('/split/bin/widget-1-glue.js'), `${env.cdn.requests}`);
  assert.equal(env.cdn.requests.filter((path) => path === '/split/js/doorman-glue.js').length, beside, 'nothing is asked for beside the script');
  assert.deepEqual(doormanMessages(q), [], 'data-glue is a known attribute');
  assert.deepEqual(q.pageErrors, []);
  await q.context().close();
});

test('data-glue naming a glue of another build, or nothing there, gives one clear message and runs nothing', async () => {
  for (const name of ['oldglue/doorman-glue.js', 'split/bin/none-glue.js']) {
    const glue = `${env.cdn.url}/${name}`;
    const { p, messages } = await openBrokenInstall('split/js', `data-wasm="${env.cdn.url}/split/bin/widget-1.wasm" data-glue="${glue}"`);
    assert.deepEqual(messages, [`Doorman could not start: ${glue} did not load (missing, not this release's, blocked by the page's Content-Security-Policy, or another origin that sends no Access-Control-Allow-Origin). Serve doorman-glue.js from the same release as this script in the script's folder, or name its URL in data-glue.`]);
    assert.equal(await p.locator('doorman-widget').count(), 0);
    assert.equal(await p.evaluate(() => typeof window.wasm_bindgen), 'undefined', 'the other build\'s glue never ran');
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});

/** Sets the tag's `attribute` to the CDN's file `path` (the tag has id="doorman"), restarts
 * (`times` restarts in one task, none awaited before the next), and waits for the dialog that the
 * restarted widget opens: each restart resolves true. */
async function restartsWith(p, attribute, path, times = 1) {
  const restarted = p.evaluate(([name, url, count]) => {
    document.getElementById('doorman').setAttribute(name, url);
    return Promise.all(Array.from({ length: count }, () => window.Doorman.restart()));
  }, [attribute, `${env.cdn.url}/${path}`, times]);
  await dialog(p).waitFor();
  assert.deepEqual(await restarted, Array(times).fill(true));
}

test('after a failed load, restart() loads again from the data-glue or data-wasm a script has just fixed', async () => {
  for (const [attribute, wrong, right] of [
    ['data-glue', 'split/bin/none-glue.js', 'split/bin/widget-1-glue.js'],
    ['data-wasm', 'split/bin/none.wasm', 'split/bin/widget-1.wasm'],
  ]) {
    const others = attribute === 'data-glue' ? `data-wasm="${env.cdn.url}/split/bin/widget-1.wasm"` : '';
    const { p, messages } = await openBrokenInstall('split/js', `id="doorman" ${others} ${attribute}="${env.cdn.url}/${wrong}"`);
    assert.equal(messages.length, 1, `${messages}`);
    assert.ok(messages[0].includes(`${env.cdn.url}/${wrong}`), messages[0]);
    // Two restarts at once (a merchant's trial: the first resolved false, and each loaded the wasm).
    const before = env.cdn.requests.filter((path) => path === `/${right}`).length;
    await restartsWith(p, attribute, right, 2);
    assert.equal(env.cdn.requests.filter((path) => path === `/${right}`).length, before + 1, 'fetched once for both');
    assert.equal(doormanMessages(p).filter((text) => text.startsWith('Doorman')).length, 1, 'nothing more to say');
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});

test('a data-wasm or data-glue no file can be loaded from gives one message, no page error, and restart() recovers', async () => {
  // A tester's case: data-wasm="javascript:alert(1)" threw "Failed to construct 'URL'" into the
  // page, as would any value nothing can sit beside (data:) or that is no URL at all.
  for (const [attribute, wrong] of [['data-wasm', 'javascript:alert(1)'], ['data-wasm', 'data:application/wasm;base64,AGFzbQ=='],
    ['data-wasm', 'http://['], ['data-glue', 'https://exa mple.com:99999/glue.js']]) {
    const others = attribute === 'data-glue' ? `data-wasm="${env.cdn.url}/split/bin/widget-1.wasm"` : '';
    const { p, messages } = await openBrokenInstall('split/js', `id="doorman" ${others} ${attribute}="${wrong}"`);
    assert.deepEqual(messages, [`Doorman could not start: ${attribute}="${wrong}" is not a URL it can load from. Give the file's https:// URL or path, or leave ${attribute} out for the file in the script's folder.`]);
    assert.deepEqual(p.pageErrors, []);
    const right = attribute === 'data-glue' ? 'split/bin/widget-1-glue.js' : 'split/bin/widget-1.wasm';
    await restartsWith(p, attribute, right);
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});

/** Opens a page loading the CDN folder's doorman.js (with more `attributes` on its tag), waits for
 * Doorman's first message, asks the loader that gave up for a preview (it resolves without opening
 * anything), and returns the page with Doorman's messages: Chromium's own words for a failed
 * fetch, CORS or integrity check name the URL too, and are not Doorman's. */
async function openBrokenInstall(folder, attributes = '') {
  const url = page(`wrong-${folder.replace('/', '-')}.html`, `<script src="${env.cdn.url}/${folder}/doorman.js" defer ${attributes} data-welcome-delay="0"></script>`);
  const p = await openPage(env.browser);
  const message = p.waitForEvent('console', (m) => m.text().startsWith('Doorman'));
  await p.goto(url);
  await message;
  await p.evaluate(() => window.Doorman.preview('welcome'));
  return { p, messages: doormanMessages(p).filter((text) => text.startsWith('Doorman')) };
}

test('a wrong wasm name or server gives one clear message naming the URL and what to do', async () => {
  const advice = "Serve doorman.wasm from the same release as this script in the script's folder, or name its URL in data-wasm.";
  for (const [folder, problem] of [
    ['missing', /^it answered HTTP 404$/],
    ['html', /^it is not WebAssembly \(served as text\/html; charset=utf-8\)$/],
    ['nocors', /^it could not be fetched \(offline, blocked, or another origin that sends no Access-Control-Allow-Origin\)$/],
    ['empty', /^it is empty$/],
    ['gzipped', /^it is gzip-compressed but served without Content-Encoding: gzip$/],
    ['badencoding', /^its download broke off \(a closed connection, or a Content-Encoding the file does not have\)$/],
    // The browser's own words for a wasm that does not fit this glue; the advice says what to do.
    ['release', /^[^\n]+$/],
  ]) {
    const { p, messages } = await openBrokenInstall(folder);
    assert.equal(messages.length, 1, `${messages}`);
    const prefix = `Doorman could not start with ${env.cdn.url}/${folder}/doorman.wasm: `;
    assert.ok(messages[0].startsWith(prefix) && messages[0].endsWith(`. ${advice}`), messages[0]);
    assert.match(messages[0].slice(prefix.length, -advice.length - 2), problem);
    assert.equal(await p.locator('doorman-widget').count(), 0);
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});

test('a glue that is missing or of another build gives one clear message and runs nothing', async () => {
  for (const folder of ['noglue', 'oldglue']) {
    const { p, messages } = await openBrokenInstall(folder);
    assert.deepEqual(messages, [`Doorman could not start: ${env.cdn.url}/${folder}/doorman-glue.js did not load (missing, not this release's, blocked by the page's Content-Security-Policy, or another origin that sends no Access-Control-Allow-Origin). Serve doorman-glue.js from the same release as this script in the script's folder, or name its URL in data-glue.`]);
    assert.equal(await p.locator('doorman-widget').count(), 0);
    assert.equal(await p.evaluate(() => typeof window.wasm_bindgen), 'undefined', 'the other build\'s glue never ran');
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});

test('under a nonce-based Content-Security-Policy, with or without strict-dynamic, or enforcing Trusted Types, the loader brings its glue and the popup runs', async () => {
  for (const policy of [
    "script-src 'nonce-d00r' 'wasm-unsafe-eval'",
    "script-src 'nonce-d00r' 'strict-dynamic' 'wasm-unsafe-eval'",
    `script-src ${env.cdn.url} 'wasm-unsafe-eval'; require-trusted-types-for 'script'; trusted-types doorman`,
  ]) {
    const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; ${policy}; connect-src 'self' ${env.cdn.url}">\n`;
    const url = page('nonce.html', `<script nonce="d00r" src="${env.cdn.url}/csp/doorman.js" defer data-endpoint="/apps/doorman/signups" data-welcome-delay="0"></script>`, { head: csp });
    const p = await openPage(env.browser);
    await p.goto(url);
    await dialog(p).waitFor();
    assert.ok(env.cdn.requests.includes('/csp/doorman-glue.js'), `${env.cdn.requests}`);
    assert.deepEqual(doormanMessages(p), [], policy);
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});

test('a page that does not let WebAssembly run gets one message saying why, and nothing is fetched', async () => {
  const said = "Doorman could not start: this page does not let WebAssembly run (";
  const advice = "). A Content-Security-Policy needs 'wasm-unsafe-eval' in script-src; else the browser or a script of the page turned WebAssembly off.";
  // A policy without 'wasm-unsafe-eval' (a merchant's trial: the message blamed the file), and a
  // browser with WebAssembly turned off (iOS Lockdown Mode), which fetched 58 KB for nothing.
  for (const [name, head, before] of [
    ['no-wasm-csp.html', `<meta http-equiv="Content-Security-Policy" content="script-src 'self' ${env.cdn.url}">\n`],
    ['no-wasm.html', '', () => { delete window.WebAssembly; }],
    ['wasm-replaced.html', '', () => { WebAssembly.Module = function Module() { throw new Error('WebAssembly is disabled by policy'); }; }],
  ]) {
    const url = page(name, `<script src="${env.cdn.url}/csp/doorman.js" defer data-endpoint="/apps/doorman/signups" data-welcome-delay="0"></script>`, { head });
    const p = await openPage(env.browser);
    if (before) await p.addInitScript(before);
    const fetched = env.cdn.requests.length;
    await p.goto(url);
    await waitFor(() => doormanMessages(p).length > 0);
    await p.waitForTimeout(500);
    const messages = doormanMessages(p).filter((text) => text.startsWith('Doorman'));
    assert.equal(messages.length, 1, `${messages}`);
    assert.ok(messages[0].startsWith(said) && messages[0].endsWith(advice), messages[0]);
    assert.deepEqual(env.cdn.requests.slice(fetched), ['/csp/doorman.js'], 'neither the glue nor the wasm is fetched');
    assert.equal(await p.evaluate(() => window.Doorman.restart()), false, 'a restart says the widget does not run');
    assert.equal(await p.locator('doorman-widget').count(), 0);
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});

// document.currentScript is null in a module and in a script a loader runs itself: the loader
// then reads the page's last <script src="…/doorman.js">. Imported, there is none to read.
test('a module tag starts from its own attributes; a copy imported by a bundle, with no tag to read, says so', async () => {
  const tagged = await openPage(env.browser);
  await tagged.goto(page('module-tag.html', `<script type="module" src="${env.cdn.url}/csp/doorman.js" data-welcome-delay="0"></script>`));
  await dialog(tagged).waitFor();
  assert.deepEqual(doormanMessages(tagged), []);
  assert.deepEqual(tagged.pageErrors, []);
  await tagged.context().close();

  const advice = 'Doorman could not start: it ran without its <script src> tag to read (imported, bundled, or run by a script loader such as Cloudflare\'s Rocket Loader), and found no <script src="…/doorman.js"> in the page. Load doorman.js with a plain <script src="…/doorman.js" data-…> tag (with Rocket Loader, add data-cfasync="false" to it).';
  const imported = await openPage(env.browser);
  await imported.goto(page('module-import.html', `<script type="module">import('${env.cdn.url}/csp/doorman.js');</script>`));
  await waitFor(() => doormanMessages(imported).length > 0);
  assert.deepEqual(doormanMessages(imported), [advice]);
  assert.equal(await imported.evaluate(() => typeof window.Doorman), 'undefined');
  assert.deepEqual(imported.pageErrors, []);
  await imported.context().close();
});

test('a page that lists the Trusted Types policies it allows without enforcing them, doorman not among them, still gets the popup', async () => {
  // Chromium refuses the policy (and says so itself); without enforcement the plain URL is allowed.
  const csp = `<meta http-equiv="Content-Security-Policy" content="trusted-types other">\n`;
  const url = page('tt-listed.html', `<script src="${env.cdn.url}/csp/doorman.js" defer data-welcome-delay="0"></script>`, { head: csp });
  const p = await openPage(env.browser);
  await p.goto(url);
  await dialog(p).waitFor();
  assert.deepEqual(doormanMessages(p).filter((text) => text.startsWith('Doorman')), []);
  assert.deepEqual(p.pageErrors, []);
  await p.context().close();
});

// unfetch's shape (a fetch on XMLHttpRequest that reads text alone): its response has text(),
// json(), blob() and headers, but no arrayBuffer().
const TEXT_ONLY_FETCH = `<script>
window.textOnlyFetches = [];
window.fetch = (url, options = {}) => new Promise((resolve, reject) => {
  const request = new XMLHttpRequest();
  request.open(options.method || 'get', url, true);
  for (const name in options.headers) request.setRequestHeader(name, options.headers[name]);
  request.onload = () => {
    window.textOnlyFetches.push(String(url));
    const response = () => ({
      ok: (request.status / 100 | 0) === 2, status: request.status, statusText: request.statusText, url: request.responseURL,
      text: () => Promise.resolve(request.responseText), json: () => Promise.resolve(request.responseText).then(JSON.parse),
      blob: () => Promise.resolve(new Blob([request.response])), clone: response,
      headers: { get: (name) => request.getResponseHeader(name), has: (name) => request.getResponseHeader(name) != null },
    });
    resolve(response());
  };
  request.onerror = reject;
  request.send(options.body || null);
});
</script>
`;

test('a page whose fetch reads text alone (unfetch) still gets the wasm, through XMLHttpRequest', async () => {
  const url = page('text-only-fetch.html', `<script src="${env.cdn.url}/octet/doorman.js" defer data-welcome-delay="0"></script>`, { head: TEXT_ONLY_FETCH });
  const p = await openPage(env.browser);
  await p.goto(url);
  await dialog(p).waitFor();
  assert.deepEqual(doormanMessages(p), []);
  assert.deepEqual(p.pageErrors, []);
  assert.ok((await p.evaluate(() => window.textOnlyFetches)).some((fetched) => fetched.endsWith('/octet/doorman.wasm')), 'the page\'s fetch was the one asked first');
  await p.context().close();
});

test('a wasm served with another content type than application/wasm runs, without a message', async () => {
  for (const folder of ['octet', 'plain']) {
    const url = page(`${folder}.html`, `<script src="${env.cdn.url}/${folder}/doorman.js" defer data-welcome-delay="0"></script>`);
    const p = await openPage(env.browser);
    await p.goto(url);
    await dialog(p).waitFor();
    assert.deepEqual(doormanMessages(p), [], folder);
    assert.deepEqual(p.pageErrors, [], folder);
    const fetched = await p.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).map((r) => new URL(r.name).pathname));
    assert.deepEqual(fetched, [`/${folder}/doorman.wasm`, `/${folder}/doorman-views.wasm`], `${folder}: each wasm is fetched once`);
    await p.context().close();
  }
});

/**
 * The little of Liquid the snippet and a theme layout use: comments, `{{ value | filter }}` with
 * `asset_url`, `escape`, `json` and `default`, on string literals and dotted names. Anything
 * else fails the test, so the snippet cannot drift into Liquid this step does not render.
 */
function renderLiquid(template, context, assetBase) {
  const html = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const filters = {
    asset_url: (name) => `${assetBase}${name}?v=1712345678`,
    escape: html,
    json: (value) => JSON.stringify(value ?? null),
    default: (value, fallback) => (value === undefined || value === null || value === false || value === '' ? fallback : value),
  };
  const literal = (text) => {
    const quoted = text.match(/^'(.*)'$|^"(.*)"$/);
    if (quoted) return quoted[1] ?? quoted[2];
    if (/^-?\d+$/.test(text)) return Number(text);
    return text.split('.').reduce((value, key) => (value == null ? undefined : value[key]), context);
  };
  const out = template
    .replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}\s*/g, '')
    .replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_, expression) => {
      const [head, ...rest] = expression.split('|').map((part) => part.trim());
      const value = rest.reduce((current, filter) => {
        const [, name, arg] = filter.match(/^(\w+)(?:\s*:\s*(.+))?$/);
        assert.ok(filters[name], `the test's Liquid has no filter ${name}`);
        return filters[name](current, arg === undefined ? undefined : literal(arg));
      }, literal(head));
      return value ?? '';
    });
  assert.doesNotMatch(out, /\{[{%]/, 'every Liquid tag was rendered');
  return out;
}

test('the Shopify snippet, rendered with a theme\'s Liquid values, runs; a returning customer gets no welcome offer', async () => {
  const snippet = readFileSync(join(ROOT, 'docs/shopify/doorman.liquid'), 'utf8');
  // A theme layout's head as Shopify renders it: the locale in <html lang>, window.Shopify from
  // content_for_header, the snippet before </head>.
  const layout = (context) => renderLiquid(`<!doctype html>
<html lang="{{ request.locale.iso_code }}">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>{{ shop.name | escape }}</title>
<script>window.Shopify = { shop: {{ shop.permanent_domain | json }}, currency: { active: {{ cart.currency.iso_code | json }} }, routes: { root: '/' } };</script>
${snippet}
</head>
<body><h1>{{ shop.name | escape }}</h1></body>
</html>
`, context, `//${new URL(env.shop.url).host}/doorman/`);
  const shop = { name: 'Hearth & Co.', permanent_domain: 'hearth-co.myshopify.com' };
  const cart = { currency: { iso_code: 'EUR' } };
  writeFileSync(join(env.pages, 'shopify-guest.html'), layout({ shop, cart, customer: null, request: { locale: { iso_code: 'de' } } }));
  writeFileSync(join(env.pages, 'shopify-returning.html'),
    layout({ shop, cart, customer: { orders_count: 3, email: 'loyal@example.com' }, request: { locale: { iso_code: 'en' } } }));
  const rendered = readFileSync(join(env.pages, 'shopify-guest.html'), 'utf8');
  assert.match(rendered, /data-customer-orders="0"/, 'no customer renders as 0 orders');
  assert.match(rendered, /src="\/\/127\.0\.0\.1:\d+\/doorman\/doorman\.js\?v=1712345678"/);

  // The returning customer opens first: by the time the guest's popup has opened after the
  // same delay, theirs would have too.
  const returning = await openPage(env.browser);
  await returning.goto(`${env.shop.url}/fixtures/shopify-returning.html`);
  const guest = await openPage(env.browser);
  await guest.goto(`${env.shop.url}/fixtures/shopify-guest.html`);
  await dialog(guest).waitFor({ timeout: 15_000 });
  assert.equal(await dialog(guest).locator('h2').textContent(), '15\u00a0% Rabatt auf Ihre erste Bestellung', 'the theme\'s locale');
  const assets = await guest.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname + new URL(r.name).search));
  for (const file of ['doorman-glue.js', 'doorman.wasm']) assert.ok(assets.includes(`/doorman/${file}?v=1712345678`), `${file} beside the asset, with its ?v=: ${assets}`);
  await signUp(guest, 'liquid@example.com');
  assert.match(await dialog(guest).locator('a.apply').getAttribute('href'), /^\/discount\/WELCOME15\?redirect=/);
  const customers = await env.shop.rows("SELECT tags, accepts_marketing FROM customers WHERE email = 'liquid@example.com'");
  assert.equal(customers.length, 1);
  assert.match(customers[0].tags, /doorman-welcome/);
  assert.equal(customers[0].accepts_marketing, 1);
  assert.equal(await returning.locator('doorman-widget').count(), 0, 'no first-order offer for a customer with orders');
  for (const p of [guest, returning]) {
    assert.deepEqual(doormanMessages(p), [], 'every rendered value is one Doorman accepts');
    assert.deepEqual(p.pageErrors, []);
    await p.context().close();
  }
});
