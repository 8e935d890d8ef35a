#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test poolsim; quick when all is there.
# Versions and the reasons behind each step: ../shared/TOOLCHAIN.md (kept in the README too).
set -euo pipefail
cd "$(dirname "$0")/.."

toolchain=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
want_go=${WITH_GO:-0}

say() { printf 'setup: %s\n' "$*"; }

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  # Another apt run can hold the dpkg lock for a moment; wait it out rather than fail.
  for attempt in 1 2 3 4 5; do
    if apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; then return 0; fi
    say "apt busy (attempt $attempt), retrying"; sleep 5
  done
  return 1
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
if [ "$want_go" = 1 ] && ! command -v go >/dev/null; then missing+=(golang-go); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  apt_install "${missing[@]}"
fi

# Safari's engine for the end-to-end suite: WebKitGTK's WebDriver (it brings MiniBrowser) and a
# virtual display for it. Its recommends (media codecs and more) are not needed here.
webkit=()
[ -x /usr/bin/WebKitWebDriver ] || webkit+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || webkit+=(xvfb)
if [ ${#webkit[@]} -gt 0 ]; then
  say "installing ${webkit[*]} from Debian"
  apt_install --no-install-recommends "${webkit[@]}"
fi

# RUSTUP_AUTO_INSTALL=0 here: rust-toolchain.toml names the toolchain but will not fetch it.
# Separate commands, because a combined component/target install once crashed rustup.
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
  say "installing Rust $toolchain"
  rustup toolchain install "$toolchain" --profile minimal
fi
installed=$(rustup component list --toolchain "$toolchain" --installed)
for component in rust-src clippy rustfmt; do
  grep -q "^$component" <<<"$installed" || rustup component add "$component" --toolchain "$toolchain"
done
grep -q '^rust-std-wasm32-unknown-unknown' <<<"$installed" ||
  rustup target add wasm32-unknown-unknown --toolchain "$toolchain"

if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack (a few minutes)"
  cargo +"$toolchain" install wasm-pack
fi
# wasm-pack uses the wasm-bindgen on PATH only when it matches Cargo.lock exactly; otherwise it
# tries a download from GitHub, which this machine cannot reach. No --locked: a yanked pin.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen" ]; then
  say "installing wasm-bindgen-cli $bindgen (a few minutes)"
  cargo +"$toolchain" install wasm-bindgen-cli --version "$bindgen" --force
fi

# Firefox's WebDriver for `wasm-pack test --firefox`, built from crates.io (the npm package
# downloads a binary from GitHub, which this machine cannot reach).
if ! command -v geckodriver >/dev/null; then
  say "installing geckodriver (a few minutes)"
  cargo +"$toolchain" install geckodriver
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
