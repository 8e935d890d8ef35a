# poolsim — `make serve` to try it, `make test` to check it. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8080
# std must be rebuilt with atomics for shared memory; on the wasm command lines only, so native
# builds keep the prebuilt std.
BUILD_STD := -Z build-std=panic_abort,std
PKG := target/pkg
PKG_ST := target/pkg-st
WASM_OPT := node_modules/.bin/wasm-opt

.PHONY: help setup build dist serve test test-native test-loom test-js test-chapters test-wasm test-e2e bench lint fmt

help:
	@echo "make serve   build the site and serve it on http://localhost:$(PORT) (PORT=... to change;"
	@echo "             HEADERS=none, BASE=/poolsim/, CSP=none|no-pool|no-workers|no-nested emulate other hosts)"
	@echo "make test    every test layer: native, wasm and end-to-end in headless Chromium, Firefox and WebKit"
	@echo "make dist    the static site into dist/"
	@echo "make bench   per-job time natively, in Chromium, and Go's, side by side"

setup:
	@bash scripts/setup.sh

# Two builds: threaded (live and simulated drivers; needs a cross-origin isolated page) and
# single-threaded (the simulated driver, for pages without isolation). An empty RUSTFLAGS drops
# the config's atomics flags; its own target dir keeps the builds from invalidating each other.
build: setup
	wasm-pack --quiet build --target web --release --no-typescript --out-dir $(PKG) . $(BUILD_STD)
	RUSTFLAGS="" CARGO_TARGET_DIR=target/st wasm-pack --quiet build --target web --release \
		--no-typescript --out-dir $(PKG_ST) .

dist: build
	rm -rf dist
	mkdir -p dist/pkg dist/pkg-st dist/www dist/vendor dist/go
	cp index.html embed.html dist/
	cp go/index.html dist/go/
	cp -r www/. dist/www/
	cp -r $(PKG)/poolsim.js $(PKG)/snippets dist/pkg/
	$(WASM_OPT) -O --enable-threads --enable-bulk-memory --enable-mutable-globals \
		$(PKG)/poolsim_bg.wasm -o dist/pkg/poolsim_bg.wasm
	cp $(PKG_ST)/poolsim.js dist/pkg-st/
	$(WASM_OPT) -O --enable-bulk-memory $(PKG_ST)/poolsim_bg.wasm -o dist/pkg-st/poolsim_bg.wasm
	cp node_modules/wasm-feature-detect/dist/esm/index.js dist/vendor/wasm-feature-detect.js
	cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css dist/vendor/
	cp node_modules/coi-serviceworker/coi-serviceworker.min.js dist/coi-serviceworker.js
	node_modules/.bin/esbuild scripts/codemirror-bundle.mjs --bundle --format=esm --minify \
		--log-level=warning --outfile=dist/vendor/codemirror.js
	node scripts/host-files.mjs dist
	node scripts/tutorial-pages.mjs dist
	@echo "dist/ is ready: $$(du -sh dist | cut -f1)"

# Emulate a host: HEADERS=none (GitHub Pages), BASE=/poolsim/ (a subpath), CSP=none|no-pool|no-workers|no-nested.
HEADERS ?= host
BASE ?= /
CSP ?= host
serve: dist
	python3 scripts/serve.py --port $(PORT) --dir dist --headers $(HEADERS) --base $(BASE) --csp $(CSP)

lint: setup
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown $(BUILD_STD) --lib --tests -- -D warnings
	node_modules/.bin/prettier --check 'www/**/*.js' 'tests/e2e/*.mjs' 'tests/unit/*.mjs' 'tests/chapters/*.mjs' 'tests/views/*.mjs' 'scripts/*.mjs' 'tutorial/chapters/*.js' --no-error-on-unmatched-pattern

fmt:
	cargo fmt
	node_modules/.bin/prettier --write 'www/**/*.js' 'tests/e2e/*.mjs' 'tests/unit/*.mjs' 'tests/chapters/*.mjs' 'tests/views/*.mjs' 'scripts/*.mjs' 'tutorial/chapters/*.js' --no-error-on-unmatched-pattern

test-native: setup
	cargo test

# The wasm suite in both browsers; geckodriver comes from crates.io (scripts/setup.sh).
test-wasm: setup
	wasm-pack test --headless --chrome --release . $(BUILD_STD) --test web
	@# Firefox ESR here now and then never starts a fresh page's nested workers (README, the
	@# lifecycle contract); the runner then times out. A stalled run gets one more try; a test
	@# that really fails fails both times.
	for attempt in 1 2; do \
		GECKODRIVER=$$(command -v geckodriver) wasm-pack test --headless --firefox --release . \
			$(BUILD_STD) --test web && break; \
		[ $$attempt = 2 ] && exit 1; echo "test-wasm: Firefox run failed; once more"; \
	done

# loom explores every interleaving of small channel programs (bounded to 2 preemptions, the
# usual setting); its own target dir keeps `--cfg loom` from rebuilding the normal one.
test-loom: setup
	LOOM_MAX_PREEMPTIONS=2 RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
		cargo test -q --release --test loom

test-js: setup
	node --test tests/unit/

# Every chapter's challenge against the real engine (the single-threaded build, in Node): the
# configs that should meet it do, and those that would meet it without understanding do not.
test-chapters: build
	node --test tests/chapters/ tests/views/

test-e2e: dist
	node --test --test-concurrency=1 tests/e2e/

test: lint test-native test-loom test-js test-chapters test-wasm test-e2e

bench: dist
	WITH_GO=1 bash scripts/setup.sh
	node scripts/bench.mjs
