#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu). It installs the C
# toolchain and Node 20, and checks that Socket Lab's tracer loads. A failure is written to
# source/setup-failed.txt as well as failing the build, so run_autograder can tell each student why.
set -uo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
SOCKLAB="$SOURCE/socklab"
rm -f "$SOURCE/setup-failed.txt"

fail() {
  echo "socklab setup: $*" >&2
  echo "$*" > "$SOURCE/setup-failed.txt"
  exit 1
}

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed"
# gcc/g++/make/python3: building the submissions (and the tracer, if it must be rebuilt); binutils: addr2line
# for the lines of each call; curl/xz-utils: Node 20; iproute2/util-linux: ip and unshare for isolation
apt-get install -y -qq --no-install-recommends gcc g++ make python3 binutils curl ca-certificates xz-utils \
  iproute2 util-linux || fail "apt-get could not install the build tools"

# Ubuntu's own nodejs is older than 20: take Node 20's Linux x86_64 build, checked against its SHA-256 list
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  base="https://nodejs.org/dist/latest-v20.x"
  line="$(curl -fsSL "$base/SHASUMS256.txt" | grep -E ' node-v20\.[0-9.]+-linux-x64\.tar\.xz$')" \
    || fail "cannot read Node 20's checksums from $base"
  file="${line##* }"
  curl -fsSL -o "/tmp/$file" "$base/$file" || fail "cannot download $base/$file"
  echo "${line%% *}  /tmp/$file" | sha256sum -c - >/dev/null || fail "$file does not match its checksum"
  tar -xJf "/tmp/$file" -C /usr/local --strip-components=1 || fail "cannot unpack $file"
  rm -f "/tmp/$file"
fi

# The tracer is a Node-API addon, built with the package: Node-API is ABI-stable, so it loads on any Node >= 18
# on x86_64 with a glibc at least as new as the one it was built against. Only if it does not load here is it
# rebuilt from its sources, with the node-gyp that npm brings and the headers of the Node just installed.
if ! node -e "require('$SOCKLAB/native/build/Release/socklab.node')" 2>/dev/null; then
  prefix="$(dirname "$(dirname "$(command -v node)")")"
  gyp="$prefix/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  (cd "$SOCKLAB/native" && node "$gyp" rebuild --nodedir="$prefix") \
    || fail "the tracer addon does not load on this image and could not be rebuilt"
fi
node "$SOCKLAB/dist/cli.js" labs >/dev/null || fail "the socklab command does not start"
echo "socklab setup: ready"
