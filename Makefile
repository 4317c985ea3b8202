# Doorman's two entry points: `make demo` builds everything and serves the demo,
# `make test` runs every test. Both install what is missing and are safe to run twice.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := demo

WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
RELEASE_WASM := target/wasm32-unknown-unknown/release/doorman.wasm
PORT ?= 8080
# 0.0.0.0 serves the demo to other devices on the network, such as the merchant's phone.
HOST ?= 127.0.0.1
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test bench build package setup setup-test test-native test-web test-e2e

demo: build
	@if [ "$(HOST)" != 127.0.0.1 ] && [ "$(HOST)" != localhost ]; then \
	  echo "On a phone in the same network: http://$$(hostname -I 2>/dev/null | cut -d' ' -f1):$(PORT)/"; fi
	cargo run --release -p doorman-shop -- --host $(HOST) --port $(PORT) --db target/demo-shop.sqlite

# The npm package doorman-widget, assembled in target/package (never published from here).
package: build
	node tools/package.mjs

test: build setup-test test-native test-web test-e2e

# The side-by-side benchmark; writes BENCHMARKS.md. Not part of `make test`: timings are reported, not asserted.
bench: build setup-test
	@if [ ! -d tests/bench/node_modules ] || [ tests/bench/package-lock.json -nt tests/bench/node_modules/.package-lock.json ]; then \
	  npm ci --prefix tests/bench --no-audit --no-fund; fi
	cargo build -p doorman-shop
	node tests/bench/run.mjs

test-native:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p doorman --target wasm32-unknown-unknown -- -D warnings
	cargo nextest run --workspace --no-fail-fast

test-web:
	cargo test -p doorman --target wasm32-unknown-unknown --test web

test-e2e:
	cargo build -p doorman-shop
	node --test --test-concurrency=1 tests/size.test.mjs tests/e2e/

# The shipped wasm names no path of the machine that built it, and reserves a 65 KiB stack
# rather than the default 1 MiB: Doorman's calls are shallow, and the page keeps the memory.
# Not 64 KiB: the statics start where the stack ends, and 65,536 is a number code uses for other
# things (UTF-16's planes, masks, the allocator's sizes), which tools/split.mjs would take for an
# address inside the first static and keep it (2.4 KB of panic messages and file names).
# The linker writes its map beside it, which the split reads for the bounds of each static.
# Given to this build alone, for the wasm target alone: native builds, `cargo install` and the
# debug-built wasm tests keep their own flags (and their caches).
CARGO_REGISTRY_SRC := $(or $(CARGO_HOME),$(HOME)/.cargo)/registry/src
WASM_RUSTFLAGS := "--remap-path-prefix=$(CARGO_REGISTRY_SRC)=crates", "--remap-path-prefix=$(CURDIR)=doorman", \
  "-C", "link-arg=-zstack-size=66560", "-C", "link-arg=--Map=$(CURDIR)/target/doorman.map"

build: setup
	cargo build --release --target wasm32-unknown-unknown -p doorman \
	  --config 'target.wasm32-unknown-unknown.rustflags = [$(WASM_RUSTFLAGS)]'
	wasm-bindgen --target no-modules --no-typescript --out-dir target/bindgen $(RELEASE_WASM)
	mkdir -p dist
	@# Import and export names shortened, function names kept (-g): the split reads them, moving
	@# the code that draws a campaign to doorman-views.wasm, and optimizes each part (-Oz) after,
	@# so that no view function is inlined into the part every page view loads.
	node_modules/.bin/wasm-opt -g --minify-imports-and-exports-and-modules target/bindgen/doorman_bg.wasm -o target/doorman.named.wasm >/dev/null
	node tools/split.mjs --in target/doorman.named.wasm --map target/doorman.map --out dist/doorman.wasm --views-out dist/doorman-views.wasm
	node tools/bundle.mjs --glue target/bindgen/doorman.js --loader src/loader.js --wasm target/bindgen/doorman_bg.wasm \
	  --minified-wasm target/doorman.named.wasm --version $(VERSION) --out dist/doorman.js --glue-out dist/doorman-glue.js
	@# Each language but English (built in), as a page view of that language fetches it: src/texts/<tag>.json, minified.
	node -e 'for (const f of fs.readdirSync("src/texts").filter((n) => n.endsWith(".json") && n !== "en.json")) fs.writeFileSync(`dist/doorman-$${f}`, JSON.stringify(JSON.parse(fs.readFileSync(`src/texts/$${f}`, "utf8"))))'
	@for file in dist/doorman.js dist/doorman-glue.js dist/doorman.wasm dist/doorman-views.wasm dist/doorman-fa.json; do \
	  printf '%-23s %7d B raw %7d B gzip\n' $$file $$(wc -c < $$file) $$(gzip -9c $$file | wc -c); done

setup:
	rustup target add wasm32-unknown-unknown
	@# The CLI must equal the pinned crate, or the generated glue breaks at runtime.
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) to match the crate"; \
	  cargo install --force wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi
	@test "$$(wasm-bindgen --version)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" || \
	  { echo "wasm-bindgen CLI $$(wasm-bindgen --version) does not match the crate's $(WASM_BINDGEN_VERSION)" >&2; exit 1; }
	@if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund; fi

setup-test:
	@# Debian's Chromium for every browser test; sqlite3 for reading the shop's database in them.
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v sqlite3 >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver sqlite3; fi
