//! Doorman: a storefront widget compiled to WebAssembly.
//!
//! The core modules are plain Rust that `cargo test` runs natively: they take inputs (an
//! attribute, the time in ms, random bytes) and return what should happen. Only `web`, built for
//! wasm32 alone, touches the browser.

pub mod audience;
pub mod color;
pub mod config;
pub mod exit;
pub mod game;
pub mod json;
pub mod offer;
pub mod quiet;
pub mod signup;
pub mod texts;
pub mod variant;
pub mod visitor;
pub mod welcome;

// The preview shop reads reports and prizes under their old paths.
pub use game::prize;
pub use signup::report;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
