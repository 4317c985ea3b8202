// Doorman's loader. The build wraps it and wasm-bindgen's glue in one function scope, so the
// page gains nothing but `window.Doorman` (and a symbol-keyed copy that marks this copy as
// started); the glue is `bindgen()`, set up only when the page is idle.
// A second copy of the tag starts nothing. An older Doorman, which has no symbol, runs its own
// widget: this copy says so and starts nothing. Any other `window.Doorman` belongs to the page:
// it is left alone, Doorman starts anyway and its API stays under the symbol only.
const script = document.currentScript; // must be read now: it is only set while this script runs
const mark = Symbol.for('doorman');
const taken = window.Doorman;
const older = !window[mark] && taken && typeof taken.version === 'string' && typeof taken.preview === 'function';
if (older) console.warn(`Doorman: Doorman ${taken.version} is already on this page; this copy (__VERSION__) does not start. Remove one of the two tags.`);
else if (taken && !window[mark]) console.warn('Doorman: window.Doorman is already used by another script; Doorman starts and leaves it alone, so its API (preview, restart, setCart) is at window[Symbol.for("doorman")].');
if (script && !window[mark] && !older) {
  let ready = null; // resolves to true once the widget runs
  let widget = null; // wasm-bindgen's exports, once set up
  const guarded = (action) => { try { action(); } catch (error) { console.warn('Doorman:', error); } };
  const once = (action) => ready && ready.then((ok) => ok && guarded(action));
  const api = {
    version: '__VERSION__',
    // A theme without Shopify's /cart.js hands over its cart; it is read when needed.
    setCart(cart) { this.cart = cart; },
    // After changing the tag's data-* attributes: start again with them.
    restart: () => once(() => { widget.stop(); widget.start(script); }),
    // Open a campaign now, ignoring its triggers and caps: for previews.
    preview: (campaign) => once(() => widget.preview(String(campaign))),
  };
  Object.defineProperty(window, mark, { value: api });
  if (!taken) window.Doorman = api;
  // The wasm is `doorman.wasm` in this script's folder whatever the script is called
  // (doorman.min.js, a bundler's hashed name), with the script's query kept: Shopify's
  // asset_url adds `?v=...`, which then refreshes the wasm along with the script. `data-wasm`
  // names it outright, resolved like any URL in the page.
  const named = script.getAttribute('data-wasm');
  const wasm = new URL(named || 'doorman.wasm', named ? location.href : new URL(script.src, location.href));
  if (!named) wasm.search = new URL(script.src, location.href).search;
  const fail = (problem) => { throw new Error(problem); };
  // Fetched here rather than by the glue, so that a wrong name or server gives one message
  // saying which URL failed and how, instead of a bare CompileError.
  const fetchWasm = async () => {
    const response = await fetch(wasm).catch(() => fail('it could not be fetched (offline, blocked, or another origin that sends no Access-Control-Allow-Origin)'));
    if (!response.ok) fail(`it answered HTTP ${response.status}`);
    const type = response.headers.get('content-type') || 'no content type';
    if (type.startsWith('application/wasm')) return response; // compiled while it streams in
    const bytes = await response.arrayBuffer();
    if (new Uint8Array(bytes.slice(0, 4)).join() !== '0,97,115,109') fail(`it is not WebAssembly (served as ${type})`);
    console.warn(`Doorman: ${wasm} is served as ${type}; it works, but serve .wasm as application/wasm so it compiles while it downloads.`);
    return bytes;
  };
  // Nothing is fetched or compiled before the page has loaded and the main thread is idle, and
  // the widget starts in an idle moment of its own, not in the task that finished compiling it.
  const idle = (then) => (window.requestIdleCallback ? requestIdleCallback(then, { timeout: 5000 }) : setTimeout(then, 1));
  const load = () => guarded(() => {
    widget = bindgen();
    ready = widget({ module_or_path: fetchWasm() })
      .then(() => new Promise(idle))
      .then(
        () => { guarded(() => widget.start(script)); return true; },
        (error) => {
          console.warn(`Doorman could not start with ${wasm}: ${error.message}. Serve doorman.wasm from the same release as this script in the script's folder, or name its URL in data-wasm.`);
          return false;
        },
      );
  });
  if (document.readyState === 'complete') idle(load); else addEventListener('load', () => idle(load), { once: true });
}
