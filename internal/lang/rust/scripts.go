package rust

// The shell scripts of the Cargo steps, mounted from the scripts stage. They are fixed text: the
// binary's name, the libc and cargo's flags arrive as positional arguments, the target platform
// as $TARGETARCH.

import "github.com/org/multistage-frontend/internal/lang"

// touchSources makes every file of the tree newer than anything in target/. Cargo decides what
// to rebuild from file times, and target/ is a cache mount shared by every build of the
// program: when BuildKit reuses an earlier snapshot of the sources (a revert, a rebuild of an
// older commit) their times predate the last compile, and cargo would ship the binary of other
// sources. Touching rebuilds the workspace's own crates every time the step runs (a step whose
// sources did not change is cached by BuildKit anyway). Vendored crates (a directory source:
// a directory with cargo's .cargo-checksum.json) are left alone: cargo checks them by version,
// except their build scripts' rerun-if-changed files, which it checks by time, so touching them
// would recompile proc-macro2 and everything above it (serde_derive, ...) on every build.
const touchSources = `find . -path ./target -prune -o -type d -exec test -e {}/.cargo-checksum.json \; -prune -o -type f -exec touch -c {} +
`

// freshScript runs "$@" (cargo test, or the spec's command) after touchSources.
const freshScript = `set -eu
` + touchSources + `exec "$@"
`

// placeholderDir is a tmpfs of the fetch step holding the list of placeholders to remove.
const placeholderDir = "/run/cargo-fetch"

// placeholders is shell code defining placeholder, which writes a stub source file (fn main)
// where a target's source is missing and records it, and removing them all when the script
// exits: with only the manifests copied, cargo refuses a package without targets, and a build
// needs every declared target's file. None is left in the layer for the real sources to
// collide with.
const placeholders = `list=` + placeholderDir + `/placeholders
: >"$list"
trap 'while IFS= read -r f; do rm -f "$f"; rmdir -p "${f%/*}" 2>/dev/null || true; done <"$list"' EXIT
placeholder() {
  [ -e "$1" ] && return 0
  mkdir -p "${1%/*}"
  echo 'fn main() {}' >"$1"
  printf '%s\n' "$1" >>"$list"
}
find . -name Cargo.toml -not -path './target/*' | while IFS= read -r manifest; do
  dir=${manifest%/Cargo.toml}
  [ -e "$dir/src" ] || placeholder "$dir/src/main.rs"
done
`

// fetchScript runs cargo fetch "$@" with only the manifests copied, into the layer (CARGO_HOME's
// registry and git, which the build steps mount as caches seeded from it; both exist even when
// empty, so the mounts have something to start from).
const fetchScript = `set -eu
` + placeholders + `mkdir -p ` + cargoHome + `/registry ` + cargoHome + `/git
cargo fetch "$@"
`

// targetScript, sourced by the cook and build scripts with $libc set (gnu or musl), sets
// $target to the Rust target of the target platform ($TARGETARCH) and prepares cargo for it. A
// target whose standard library is missing is added with rustup when the image has it;
// otherwise the step fails saying so. Cross-compiling for a gnu target uses the Debian cross
// gcc (aarch64-linux-gnu-gcc, ...) as linker and C compiler unless the environment names one;
// when that toolchain or its C library is missing, the step fails naming the two Debian
// packages to add to build.packages.
const targetScript = `abi=$libc
case ${TARGETARCH:-} in
  amd64) arch=x86_64 gcc=x86_64-linux-gnu deb=amd64 ;;
  arm64) arch=aarch64 gcc=aarch64-linux-gnu deb=arm64 ;;
  arm) arch=armv7 abi=${libc}eabihf gcc=arm-linux-gnueabihf deb=armhf ;;
  386) arch=i686 gcc=i686-linux-gnu deb=i386 ;;
  riscv64) arch=riscv64gc gcc=riscv64-linux-gnu deb=riscv64 ;;
  ppc64le) arch=powerpc64le gcc=powerpc64le-linux-gnu deb=ppc64el ;;
  s390x) arch=s390x gcc=s390x-linux-gnu deb=s390x ;;
  *) echo "multistage-frontend: no Rust target for the platform's architecture '${TARGETARCH:-}'" >&2; exit 1 ;;
esac
target=$arch-unknown-linux-$abi
libdir=$(rustc --print target-libdir --target "$target" 2>/dev/null || true)
if ! ls "$libdir"/libstd-* >/dev/null 2>&1; then
  if command -v rustup >/dev/null 2>&1; then
    rustup target add "$target"
  else
    echo "multistage-frontend: this Rust ($(rustc --version)) has no standard library for $target, and no rustup to add it: use an image with rustup (rust:1) in build.image" >&2
    exit 1
  fi
fi
host=$(rustc -vV | sed -n 's/^host: //p')
if [ "$target" != "$host" ] && [ "$libc" = gnu ]; then
  var=$(printf '%s' "$target" | tr 'a-z-' 'A-Z_')
  eval "linker=\${CARGO_TARGET_${var}_LINKER:-}"
  if [ -z "$linker" ]; then
    linker=$gcc-gcc
    if ! command -v "$linker" >/dev/null 2>&1 || [ ! -e "/usr/$gcc/lib/crti.o" ]; then
      echo "multistage-frontend: linking for $target needs Debian's cross toolchain: add build.packages: [gcc-$(printf '%s' "$gcc" | tr _ -), libc6-dev-$deb-cross], or set CARGO_TARGET_${var}_LINKER in build.env" >&2
      exit 1
    fi
  fi
  export "CARGO_TARGET_${var}_LINKER=$linker"
  cc_var=$(printf '%s' "$target" | tr '-' '_')
  eval "cc=\${CC_${cc_var}:-$gcc-gcc}"
  export "CC_${cc_var}=$cc"
fi
`

// cookScript compiles the dependencies of binary $1 (C library $2, cargo's flags in the rest of
// "$@") with only the manifests copied, as cargo-chef cooks a recipe: every source file a
// target of the workspace names is a placeholder, so this step's cache key is the manifests'
// and the lockfile's, and target/ (in the layer, which a registry cache carries to a fresh
// runner) holds the dependencies compiled with the build's own flags. The build step mounts
// target/ as a cache seeded from it and compiles only the workspace's crates. A cook that
// fails (a build script that needs the real sources, say) leaves target/ empty instead of
// failing the build: the build step compiles everything, as it would without this step.
const cookScript = `set -eu
name=$1 libc=$2
shift 2
` + placeholders + `. ` + lang.ScriptDir + `/cargo-target.sh
cargo metadata --no-deps --format-version 1 --offline | grep -o '"src_path":"[^"]*"' | sed 's/^"src_path":"//; s/"$//' |
  while IFS= read -r src; do placeholder "$src"; done
mkdir -p target
if ! cargo build --release --target "$target" --bin "$name" "$@"; then
  echo "multistage-frontend: the dependencies did not compile without the sources; the build step compiles them" >&2
  rm -rf target/* target/.[!.]*
fi
`

// buildScript builds the binary $1 for the target platform with the C library $2 (gnu or
// musl), passing the rest of "$@" to cargo build, and copies it to /out: target/ is a cache
// mount, which is not part of the layer.
const buildScript = `set -eu
name=$1 libc=$2
shift 2
` + touchSources + `. ` + lang.ScriptDir + `/cargo-target.sh
cargo build --release --target "$target" --bin "$name" "$@"
mkdir -p /out
cp "target/$target/release/$name" "/out/$name"
`
