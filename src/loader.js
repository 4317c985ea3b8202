// Doorman's loader. The build wraps it and wasm-bindgen's glue in one function scope, so the
// page gains nothing but `window.Doorman`, and a second copy of the tag starts nothing.
const script = document.currentScript; // must be read now: it is only set while this script runs
if (script && !window.Doorman) {
  // setCart lets a theme without Shopify's /cart.js hand over its cart; it is read when needed.
  window.Doorman = { version: '__VERSION__', setCart(cart) { this.cart = cart; } };
  const wasm = new URL(script.src, location.href); // the .wasm sits beside this file
  wasm.pathname = wasm.pathname.replace(/\.js$/, '') + '.wasm';
  const start = () => wasm_bindgen({ module_or_path: wasm })
    .then(() => wasm_bindgen.start(script))
    .catch((error) => console.warn('Doorman could not start:', error));
  // Nothing is fetched or compiled before the page has loaded and the main thread is idle.
  const whenIdle = () => (window.requestIdleCallback ? requestIdleCallback(start, { timeout: 5000 }) : setTimeout(start, 1));
  if (document.readyState === 'complete') whenIdle(); else addEventListener('load', whenIdle, { once: true });
}
