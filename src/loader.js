// Doorman's loader: all that a page view runs before the widget is needed. The build wraps it in
// one function scope, so the page gains nothing but `window.Doorman` (and a symbol-keyed copy
// that marks this copy as started). wasm-bindgen's glue is a file of its own, doorman-glue.js
// beside this one, fetched with the wasm only when the widget loads: a page view that shows
// nothing fetches and parses neither.
// A second copy of the tag starts nothing, and says so (a theme's tag and an app's, each with
// its own attributes, is a common mistake). An older Doorman, which has no symbol, runs its own
// widget: this copy says so and starts nothing. Any other `window.Doorman` belongs to the page:
// it is left alone, Doorman starts anyway and its API stays under the symbol only.
// The tag is `document.currentScript`, which must be read now: it is only set while this script
// runs. It is null where a script loader runs the tag's code itself (Cloudflare's Rocket Loader)
// or the tag is a module: the tag is then the page's last <script> whose file is doorman.js.
const script = document.currentScript ?? [...document.querySelectorAll('script[src]')].filter((tag) => /\/doorman(\.min)?\.js([?#]|$)/.test(tag.src)).pop();
const mark = Symbol.for('doorman');
const taken = window.Doorman;
const older = !window[mark] && taken && typeof taken.version === 'string' && typeof taken.preview === 'function';
if (older) console.warn(`Doorman: Doorman ${taken.version} is already on this page; this copy (__VERSION__) does not start. Remove one of the two tags.`);
else if (taken && !window[mark]) console.warn('Doorman: window.Doorman is already used by another script; Doorman starts and leaves it alone, so its API (preview, restart, setCart) is at window[Symbol.for("doorman")].');
else if (window[mark]) console.warn('Doorman: a second Doorman tag on this page starts nothing; the first tag and its data-* attributes are used. Remove one of the two tags.');
// Imported (`import()`, a bundle), or its file renamed where currentScript is null, there is no tag to read.
else if (!script) console.warn('Doorman could not start: it ran without its <script src> tag to read (imported, bundled, or run by a script loader such as Cloudflare\'s Rocket Loader), and found no <script src="…/doorman.js"> in the page. Load doorman.js with a plain <script src="…/doorman.js" data-…> tag (with Rocket Loader, add data-cfasync="false" to it).');
if (script && !window[mark] && !older) {
  // This release, the tag's data-* attributes and the facts the campaigns' device rule reads
  // (whether the primary pointer is coarse, the screen's size: see `phone` in src/web/mod.rs),
  // hashed: a record the wasm wrote under another tag or release, or on the other kind of device
  // (one where a phone-only campaign may show), does not count. A hash rather than the text, so
  // that the tag's codes and prizes stay out of storage. Each value goes in after its length, so a
  // value that holds a line break and `data-x=y` reads differently from a second attribute. On a
  // view with nothing to show this is most of what the loader runs: it walks the attributes by
  // index, and the text two UTF-16 code units to a 32-bit block, with MurmurHash3's (x86, 32-bit)
  // block mixing and finalizer (the last block padded with zero; the length goes into the
  // finalizer). A loop of FNV-1a over each character ran long enough for V8 to tier it up (the
  // quiet view's idle callback at 4x CPU throttling, 20 alternating views: 0.71 ms, 0.44 ms over
  // whole words); FNV-1a's single multiply over whole words let two changes 4 bytes apart cancel
  // out (a merchant's trial: 87 of 5,995 two-letter edits of a tag kept its hash), and this
  // measured 1.45 ms against its 1.91 in another run. Only the page's
  // String.prototype.charCodeAt, Math.imul and matchMedia are called, which a theme rarely
  // replaces; a matchMedia that throws counts as no touch screen, as the wasm reads it.
  const fingerprint = () => {
    let text = '__VERSION__';
    for (let i = 0; i < script.attributes.length; i += 1) {
      const { name, value } = script.attributes[i];
      if (name.startsWith('data-')) text += `\n${name}=${value.length}:${value}`;
    }
    let coarse = false;
    try { coarse = matchMedia('(pointer: coarse)').matches; } catch { /* a page's override */ }
    text += `\n${coarse} ${screen.width}x${screen.height}`;
    let hash = 0;
    for (let i = 0; i < text.length; i += 2) {
      let block = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16); // NaN << 16 is 0
      block = Math.imul(block, 0xcc9e2d51);
      block = Math.imul((block << 15) | (block >>> 17), 0x1b873593);
      hash ^= block;
      hash = (Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64) | 0;
    }
    hash ^= text.length;
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    return ((hash ^ (hash >>> 16)) >>> 0).toString(36);
  };
  const asText = (value) => {
    try { return String(value); } catch { return Object.prototype.toString.call(value); }
  };
  // Without requestIdleCallback (Safari), or with one a page's override made throw, a timer.
  const idle = (then) => {
    try {
      return requestIdleCallback(then, { timeout: 5000 });
    } catch {
      return setTimeout(then, 1);
    }
  };
  // What loads and starts the widget, made on first use: a page view with nothing to show runs
  // none of it, nor makes its functions (see `begin`). Made as the script ran, its 17 functions
  // (38 with those inside them) were most of that view's script evaluation: the view's own time
  // at 4x CPU throttling, 11 alternating third views of one visitor each, 6.47 ms with them
  // against 4.56 ms (median), of which 2.33 against 1.14 ms evaluating the script. The same bytes
  // left unrun cost little: V8 only pre-parses them. `load()` resolves to whether the widget
  // loaded and was asked to start (whether it runs is `running`); `restart` and `preview` are the
  // API's.
  const makeLoader = () => {
    let ready = null; // resolves to whether the widget loaded (and was asked to start, see `run`)
    let widget = null; // wasm-bindgen's exports, once set up
    let wasmURL; // where the wasm came from: a language's texts sit beside it
    let viewsURL; // doorman-views.wasm, beside the wasm
    let views = null; // its load, once a campaign is about to show
    // An exception out of the widget (a page's override that throws inside it, or the trap that is
    // a panic) stops the widget, which says so once, rather than reaching the page (see `halted` in
    // tools/bundle.mjs and `halt` in src/web/mod.rs).
    const guarded = (action) => {
      try { action(); } catch (error) { try { widget.halted(error); } catch { console.warn('Doorman:', error); } }
    };
    // Loads the widget when asked, if it is not loaded yet: so on a page view that skipped it
    // (see `begin`), a preview loads it first, then acts (as `restart` does through `load`).
    const once = async (action) => (await load()) && guarded(action);
    // Starts the widget from the tag. `running` resolves once it has read the tag and armed its
    // campaigns (two tasks later, when the page's listeners and timers it needs are set), to
    // whether it runs: false once it stopped after an error on this page view, this start's own
    // included.
    let running;
    const run = () => (running = new Promise((resolve) => {
      let started = false;
      // A fingerprint the page's overrides broke (a Math.imul that throws) starts the widget
      // anyway, with no record for the loader: every view then loads it, as the message says. Not
      // inside `guarded`: the widget, not started yet, would stop without a word.
      let print;
      try {
        print = fingerprint();
      } catch (error) {
        console.warn(`Doorman: reading its tag threw ${asText(error)} (a page's override of a built-in), so every page view loads the widget, even one with nothing to show.`);
      }
      guarded(() => { started = widget.start(script, print, wasmURL, loadViews, resolve); });
      if (!started) resolve(false);
    }));
    // An error's message as a sentence of a message: one full stop, whether or not it had one.
    const sentence = (error) => `${asText(error?.message).replace(/\.*$/, '')}.`;
    // The wasm is `doorman.wasm` and the glue `doorman-glue.js` in this script's folder whatever
    // the script is called (doorman.min.js, a bundler's hashed name), with the script's query
    // kept: Shopify's asset_url adds `?v=...`, which then refreshes them along with the script.
    // `data-wasm` and `data-glue` name them outright, resolved like any URL in the page; read on
    // each load, so that `restart` after a script changed them uses the new ones.
    const file = (attribute, name) => {
      const named = script.getAttribute(attribute);
      const src = new URL(script.src, location.href);
      return named ? new URL(named, location.href) : beside(name, src);
    };
    // Built by hand rather than with Object.assign, which a page may have broken: the loader's
    // messages name what went wrong, not the page's override.
    const beside = (name, url) => {
      const next = new URL(name, url);
      next.search = url.search;
      return next;
    };
    const fail = (problem) => { throw { message: problem, file: true }; };
    // The loader awaits and catches rather than calling a promise's `then` or `catch`, which a page
    // may have replaced on Promise.prototype (await uses the engine's own), and an async function
    // of it returns no promise, which would be resolved through that `then`. `outcome(start)`: what
    // `start()`'s promise resolves to, or undefined when it throws or rejects; `settled(promise)`:
    // a promise that never rejects, of `{ value }` or `{ error }`, and `unwrap` its value, or throws
    // its error.
    const outcome = async (start) => { try { return await start(); } catch { return undefined; } };
    const settled = async (promise) => { try { return { value: await promise }; } catch (error) { return { error }; } };
    const unwrap = async (result) => { const { value, error } = await result; if (error) throw error; return value; };
    // Fetched here rather than by the glue, so that a wrong name or server gives one message
    // saying which URL failed and how, instead of a bare CompileError. The bytes are read whole,
    // not streamed: streaming compilation decodes the chunks on the page's main thread as they
    // arrive, while WebAssembly.instantiate decodes the module on a background thread. Measured
    // on 30 alternating first views at 4× CPU throttling: the streaming tasks (8 ms a view) leave
    // the main thread, lazy compilation grows by 1.5 ms (each function is validated when first
    // called rather than while streaming), the widget's own time 95.1 → 92.5 ms (median). So any
    // content type serves. A file that is not WebAssembly is named for what it is: empty, gzip sent
    // without its Content-Encoding, or the type it came as (an error page sent with 200).
    const fetchWasm = async (wasm) => {
      // A page's fetch that throws or rejects on its own (a consent manager's override that blocks
      // every request) is not the network's answer: XMLHttpRequest asks again.
      const response = (await outcome(async () => await fetch(wasm))) ?? (await outcome(() => viaXHR(wasm)))
        ?? fail('it could not be fetched (offline, blocked, or another origin that sends no Access-Control-Allow-Origin)');
      if (!response.ok) fail(`it answered HTTP ${response.status}`);
      const bytes = new Uint8Array((await outcome(() => readBytes(response, wasm)))
        ?? fail('its download broke off (a closed connection, or a Content-Encoding the file does not have)'));
      if (!bytes.length) fail('it is empty');
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) fail('it is gzip-compressed but served without Content-Encoding: gzip');
      if (bytes.slice(0, 4).join() !== '0,97,115,109') fail(`it is not WebAssembly (served as ${response.headers?.get('content-type') || 'no content type'})`);
      return bytes;
    };
    // `url` through XMLHttpRequest, answered as much of a Response as fetchWasm reads.
    const viaXHR = (url) => new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('GET', url);
      request.responseType = 'arraybuffer';
      request.onload = () => resolve({
        ok: request.status >= 200 && request.status < 300, status: request.status,
        headers: { get: (name) => request.getResponseHeader(name) }, arrayBuffer: async () => request.response,
      });
      request.onerror = reject;
      request.send();
    });
    // A page whose fetch was replaced by one that reads text alone (unfetch has no arrayBuffer)
    // gets the bytes through XMLHttpRequest, a second request the HTTP cache usually answers.
    const readBytes = async (response, url) => {
      if (typeof response.arrayBuffer === 'function') return await response.arrayBuffer();
      const answer = await viaXHR(url);
      return answer.ok ? await answer.arrayBuffer() : fail('');
    };
    // The glue as a classic script, so the page's CSP treats it as it treats this one: same
    // origin, same `nonce` (and `'strict-dynamic'` trusts what a trusted script inserts). It must be
    // the glue of this very build: `integrity` is its hash (set by the build), so another release's
    // glue, a rewritten file or an error page never runs. It hands over wasm-bindgen's init through
    // the element (see tools/bundle.mjs) and leaves no global behind. A page that enforces Trusted
    // Types takes a script's URL only from a policy: Doorman's is named `doorman` (a page that
    // lists the policies it allows in `trusted-types` adds it there), made once. A page that lists
    // its policies without enforcing them refuses the policy and takes the plain URL. Any failure,
    // a throw included, is the glue's.
    let policy;
    const scriptURL = (url) => {
      try {
        policy ??= trustedTypes.createPolicy('doorman', { createScriptURL: String });
        return policy.createScriptURL(url);
      } catch {
        return url;
      }
    };
    // What the glue's own set-up threw, it hands over (see tools/bundle.mjs). A script that the
    // page made into something that never runs fires neither load nor error: a consent manager
    // that blocks scripts until the shopper consents types them text/plain, and a page's
    // createElement may answer another element. Either is said at once rather than waited for.
    const fetchGlue = async (glue) => {
      try {
        return await new Promise((resolve, reject) => {
          const element = document.createElement('script');
          element.src = scriptURL(glue);
          element.integrity = '__GLUE_INTEGRITY__';
          element.crossOrigin = 'anonymous';
          element.nonce = script.nonce;
          element.doorman = (bindgen, threw) => (bindgen ? resolve(bindgen) : reject({ problem: `threw ${asText(threw)} as it set up; the page removed or replaced a browser built-in it needs.` }));
          const fail = (problem) => { try { element.remove(); } catch { /* a page's override: the element stays */ } reject(problem); };
          element.onload = element.onerror = () => fail();
          document.head.append(element);
          // The browser reads the attribute, stripped of whitespace: empty or a JavaScript MIME type
          // essence runs (HTML, "prepare the script element"; text/javascript1.0-1.5 are left out).
          // A blocker may have hidden the property (Yett's setter-only `type`).
          let type = '';
          try { type = element.getAttribute('type') ?? ''; } catch { type = element.type ?? ''; }
          type = asText(type).trim();
          if (!(element instanceof HTMLScriptElement)) fail({ problem: `did not run: the page's document.createElement answered ${asText(element)} for a <script>.` });
          else if (!/^((text|application)\/(x-)?(java|ecma)script|text\/(jscript|livescript))?$/i.test(type)) {
            fail({ problem: `did not run: a script of this page made it type="${type}", which the browser does not run, as consent managers do until the shopper consents. Let doorman-glue.js run wherever the page lets doorman.js.` });
          }
        });
      } catch (failure) {
        // `problem` is the end of a sentence that names the glue; anything else the page threw.
        const problem = failure?.problem ?? (failure === undefined ? undefined : `could not be added to the page: it threw ${asText(failure)}.`);
        throw { glue: true, problem };
      }
    };
    // The code that draws a campaign and sends sign-ups (see tools/split.mjs), when the widget is
    // about to show one or something waits in the outbox: resolves to whether it is there. A failed
    // load is tried again by the next campaign (or, for the outbox, when the network returns).
    // Said once a page view, however many campaigns try.
    let viewsFailed = false;
    const loadViews = () => (views ??= (async () => {
      try {
        return await widget.views.load(await fetchWasm(viewsURL));
      } catch (error) {
        views = null;
        if (!viewsFailed) console.warn(`Doorman could not show a campaign or send a sign-up with ${viewsURL}: ${sentence(error)} Serve doorman-views.wasm from the same release beside doorman.wasm.`);
        viewsFailed = true;
        return false;
      }
    })());
    // Nothing is fetched or compiled before the page has loaded and the main thread is idle (see
    // `begin`), and the widget starts in an idle moment of its own, not in the task that finished
    // compiling it. Glue and wasm are fetched side by side.
    const load = () => {
      if (ready) return ready;
      let attribute = 'data-wasm';
      let wasm;
      let glue;
      try {
        wasm = file(attribute, 'doorman.wasm');
        // The views and the languages' files sit beside it: not beside a javascript: or data: URL.
        viewsURL = beside('doorman-views.wasm', wasm).href;
        attribute = 'data-glue';
        glue = file(attribute, 'doorman-glue.js');
      } catch {
        console.warn(`Doorman could not start: ${attribute}="${script.getAttribute(attribute)}" is not a URL it can load from. Give the file's https:// URL or path, or leave ${attribute} out for the file in the script's folder.`);
        return (ready = Promise.resolve(false));
      }
      wasmURL = wasm.href;
      // Whether this page lets WebAssembly run at all, before anything is fetched: a policy
      // without 'wasm-unsafe-eval' refuses to compile even the empty module, a browser with
      // WebAssembly turned off (iOS Lockdown Mode, Edge's strictest security) has none, and a page's
      // script may have replaced it with one that throws.
      try {
        new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
      } catch (error) {
        console.warn(`Doorman could not start: this page does not let WebAssembly run (${asText(error)}). A Content-Security-Policy needs 'wasm-unsafe-eval' in script-src; else the browser or a script of the page turned WebAssembly off.`);
        return (ready = Promise.resolve(false));
      }
      // The wasm's request starts in an idle moment after the glue's: each is a short task of its
      // own rather than one long one.
      return (ready = (async () => {
        // Both under way before either is awaited, and neither left to reject unheard.
        const bindgen = settled(fetchGlue(glue));
        const bytes = settled((async () => { await new Promise(idle); return await fetchWasm(wasm); })());
        try {
          widget = await unwrap(bindgen);
          const response = await unwrap(bytes);
          widget.views.url = viewsURL;
          await widget({ module_or_path: response });
          await new Promise(idle);
        } catch (error) {
          // What the file did (fetched wrong, or not this release's wasm), unless the page replaced
          // what wasm-bindgen's glue calls as it sets the wasm up: Promise.prototype.then, or
          // WebAssembly.instantiate (a wrapper's throw; a file that does not compile or link is
          // still the file's, whoever wraps it).
          let replaced = '';
          const native = (f) => /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(f));
          try {
            if (!error.file) {
              if (!native(Promise.prototype.then)) replaced = 'Promise.prototype.then';
              else if (!native(WebAssembly.instantiate) && !(error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError)) replaced = 'WebAssembly.instantiate';
            }
          } catch { replaced = 'Promise.prototype.then'; }
          console.warn(error.problem ? `Doorman could not start: ${glue} ${error.problem}`
            : error.glue ? `Doorman could not start: ${glue} did not load (missing, not this release's, blocked by the page's Content-Security-Policy, or another origin that sends no Access-Control-Allow-Origin). Serve doorman-glue.js from the same release as this script in the script's folder, or name its URL in data-glue.`
            : replaced ? `Doorman could not start: setting up ${wasm} threw ${asText(error)}; the page replaced ${replaced}, which it needs.`
              : `Doorman could not start with ${wasm}: ${sentence(error)} Serve doorman.wasm from the same release as this script in the script's folder, or name its URL in data-wasm.`);
          return false;
        }
        run();
        return true;
      })());
    };
    // See the API's `restart` below.
    const restart = async () => {
      const before = ready;
      if (before && !(await before) && ready === before) ready = null;
      if (!ready) return (await load()) && await running;
      if (ready !== before && !(await ready)) return false;
      guarded(() => widget.stop());
      return await run();
    };
    const preview = (campaign) => once(() => widget.preview(asText(campaign)));
    return { load, restart, preview };
  };
  let loader = null;
  const loading = () => (loader ??= makeLoader());
  const api = {
    version: '__VERSION__',
    // A theme without Shopify's /cart.js hands over its cart; it is read when needed. It loads
    // nothing: a page view that skipped the widget shows nothing the cart could change, and a
    // widget loaded later reads it then. Called detached too (`promise.then(Doorman.setCart)`).
    setCart: (cart) => { api.cart = cart; },
    // After changing the tag's data-* attributes: start again with them. A load that failed (a
    // wrong data-wasm or data-glue a script has since fixed) is tried again.
    // Resolves once the widget has armed its campaigns, to whether it runs (see `run`). A load
    // that failed is tried again once, however many restarts ask at the same time: those after
    // the first wait for its load and restart what it started. Otherwise the widget restarts one
    // microtask after the call, as a preview asked for right after it runs: on the new widget.
    restart: () => loading().restart(),
    // Open a campaign now, ignoring its triggers and caps: for previews.
    // Whatever it is given: a value that cannot be made a string (`Object.create(null)`) is
    // named by its kind in the widget's message, rather than throwing into the widget.
    preview: (campaign) => loading().preview(campaign),
  };
  Object.defineProperty(window, mark, { value: api });
  if (!taken) window.Doorman = api;
  // A page view where nothing can show loads nothing. The wasm keeps `1|earliest|waiting|tag` in
  // localStorage's doorman:quiet (src/quiet.rs decides): the earliest moment anything could show
  // (ms since the epoch), 1 when something waits to be sent, and the tag's fingerprint; then, when
  // something may show elsewhere, `|` and the paths of the pages where nothing can, separated by
  // spaces (a path may hold a `|`, never a space: `location.pathname` encodes it). Anything
  // else (no record, another tag, storage that is blocked, throws or answers garbage) loads as
  // usual. Weighed in the first idle moment after this script runs, whether or not the page has
  // loaded: a view with nothing to show then costs the page that one short task, with no load
  // listener after it. Otherwise the load starts in an idle moment of its own (with the first
  // read of localStorage, begin and load made one task of 42 to 78 ms at 4× CPU throttling, over
  // 50 ms in 4 loads of 10). Not while the script runs: that task is often the page's own
  // parsing, which the first read of localStorage could make a long task (a make bench run found
  // one). A moment later in this page view (a cap that ends in a minute) arms one timer that
  // weighs the record again then; setTimeout cannot wait longer than 2^31-1 ms (24.8 days).
  const quietFor = () => {
    try {
      const [version, earliest, waiting, tag, ...paths] = String(localStorage.getItem('doorman:quiet')).split('|');
      if (version === '1' && waiting === '0' && tag === fingerprint()) {
        const now = Date.now();
        const wait = paths.join('|').split(' ').includes(location.pathname) ? Infinity : earliest - now;
        // A quiet view is still a page view of the visit: `first|last|longest gap` of those since
        // the widget last ran, in ms, which it counts when it next loads (see `quiet_views` in
        // src/audience.rs), so that browsing quietly for half an hour is not a second visit.
        if (wait > 0) {
          try {
            const [first, last, gap] = String(localStorage.getItem('doorman:seen')).split('|').map(Number);
            const noted = first > 0 && last >= first && gap >= 0; // else none, or not the loader's
            localStorage.setItem('doorman:seen', noted ? `${first}|${now}|${Math.max(gap, now - last)}` : `${now}|${now}|0`);
          } catch { /* storage that refuses writes: the view stays quiet */ }
        }
        return wait;
      }
    } catch { /* storage blocked: load */ }
    return 0;
  };
  const begin = () => {
    const wait = quietFor();
    if (wait > 0) {
      if (wait < 2 ** 31) setTimeout(() => idle(begin), wait);
    } else if (document.readyState === 'complete') {
      idle(() => loading().load());
    } else {
      try {
        addEventListener('load', () => idle(() => loading().load()), { once: true });
      } catch (error) {
        console.warn(`Doorman could not start: ${error}`); // a page's override of addEventListener that throws
      }
    }
  };
  idle(begin);
}
