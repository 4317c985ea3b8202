// Assembles the npm package `doorman-widget` from a finished build, in target/package/:
// dist/doorman.js, dist/doorman-glue.js, dist/doorman.wasm, dist/doorman-views.wasm, each language's dist/doorman-<tag>.json,
// README.md, LICENSE and a package.json versioned from
// Cargo.toml. The repository's own package.json (build and test tools) stays separate. The
// README's tag gets this build's version and the Subresource Integrity hash of this
// doorman.js, so the published README pins exactly what it describes (the loader pins the glue
// by its own hash in turn). Never publishes:
// `npm publish target/package` is a maintainer's step with their own account.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url).pathname;
const OUT = `${ROOT}target/package/`;
const cargo = readFileSync(`${ROOT}Cargo.toml`, 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"$`, 'm'))?.[1];
const version = field('version');
if (!version) throw new Error('Cargo.toml has no version');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(`${OUT}dist`, { recursive: true });
const languages = readdirSync(`${ROOT}dist`).filter((name) => /^doorman-[\w-]+\.json$/.test(name)).map((name) => `dist/${name}`);
if (!languages.length) throw new Error('dist holds no language files: run make build');
const files = ['dist/doorman.js', 'dist/doorman-glue.js', 'dist/doorman.wasm', 'dist/doorman-views.wasm', ...languages];
for (const file of [...files, 'LICENSE']) copyFileSync(`${ROOT}${file}`, `${OUT}${file}`);

const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const hash = integrity(readFileSync(`${ROOT}dist/doorman.js`));
// The README's CDN tag: `doorman-widget@<version>` and its `integrity` follow this build.
const readme = readFileSync(`${ROOT}README.md`, 'utf8')
  .replace(/doorman-widget@[0-9A-Za-z.+-]+\//g, `doorman-widget@${version}/`)
  .replace(/integrity="sha384-[A-Za-z0-9+/=]+"/g, `integrity="${hash}"`);
writeFileSync(`${OUT}README.md`, readme);

const manifest = {
  name: 'doorman-widget',
  version,
  description: field('description'),
  license: field('license'),
  keywords: ['shopify', 'popup', 'exit-intent', 'spin-to-win', 'newsletter', 'webassembly', 'widget'],
  // A browser script for a <script> tag, not a module to import: CDNs serve these files as is.
  files,
  browser: 'dist/doorman.js',
  unpkg: 'dist/doorman.js',
  jsdelivr: 'dist/doorman.js',
};
writeFileSync(`${OUT}package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`doorman-widget ${version} in target/package (doorman.js ${hash})`);
