//! Doorman: a storefront widget compiled to WebAssembly.
//!
//! The core modules are plain Rust that `cargo test` runs natively: they take inputs (an
//! attribute, the time in ms, random bytes) and return what should happen. Only `web`, built for
//! wasm32 alone, touches the browser.

pub mod audience;
pub mod cap;
pub mod cart;
pub mod color;
pub mod config;
pub mod json;
pub mod klaviyo;
pub mod outbox;
pub mod prize;
pub mod report;
pub mod scratch;
pub mod shopify;
pub mod spin;
pub mod texts;
pub mod trigger;
pub mod variant;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
