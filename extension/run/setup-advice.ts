// What the editor says, once, on a machine where nothing can be traced (not Linux on x86_64, WSL 1, or a
// Linux that refuses ptrace), and which buttons it offers: reopening the folder in its Dev Container where
// that would trace, installing the Dev Containers extension where it is missing, and the setup guide.
// Pure: the facts come from the machine check and the window; a unit test covers every combination.
import { doctorReport, isWsl1, type DoctorFacts } from '../../runner/doctor-report';

export const DEV_CONTAINERS_ID = 'ms-vscode-remote.remote-containers';

export type SetupAction = 'reopenInContainer' | 'installDevContainers' | 'rebuildContainer' | 'openSetupGuide';

/** What the window knows beside the machine check. */
export interface WindowFacts {
  /** a workspace folder has .devcontainer/devcontainer.json or .devcontainer.json */
  devcontainer: boolean;
  /** the Dev Containers extension is installed (as this extension host sees it) */
  devContainers: boolean;
  /** vscode.env.remoteName: undefined in a local window, else 'wsl', 'ssh-remote', 'dev-container', 'codespaces'... */
  remote?: string;
}

export interface SetupAdvice {
  /** why nothing can be traced */
  reason: 'notLinux' | 'notX64' | 'wsl1' | 'noPtrace';
  text: string;
  /** the buttons, in order; the setup guide is always last */
  actions: SetupAction[];
  /** the machine state this advice is for: it is said once for each */
  state: string;
}

const NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/** Undefined where the machine can trace (then the machine check's own advice, if any, is shown). */
export function setupAdvice(f: DoctorFacts, w: WindowFacts): SetupAdvice | undefined {
  const where = `${NAMES[f.platform] ?? f.platform} on ${f.arch}`;
  if (f.platform === 'linux' && isWsl1(f.kernel)) {
    return advice('wsl1', f, w, [],
      'Socket Lab cannot trace in WSL 1: it has no real ptrace or seccomp. Convert the distribution to WSL 2 ' +
      '(in PowerShell: wsl --set-version <distro> 2; wsl -l -v lists them), then open the folder in it again.');
  }
  if (f.arch !== 'x64') {
    // a container on an ARM machine is ARM Linux too, so reopening in one would not help
    return advice('notX64', f, w, [],
      `Socket Lab cannot trace here: its tracer runs on Linux on x86_64, and this is ${where}. ` +
      'Open the folder in GitHub Codespaces, or over Remote - SSH on a Linux x86_64 machine.');
  }
  if (f.platform !== 'linux') {
    return advice('notLinux', f, w, containerActions(w),
      `Socket Lab traces programs with Linux's ptrace, and this is ${where}. ${w.devcontainer
        ? 'This folder has a Dev Container: reopen it in the container and Socket Lab runs there.'
        : 'Open the folder in a Dev Container, in WSL 2 (Windows) or in GitHub Codespaces: Socket Lab runs beside the code there.'}`);
  }
  if ('error' in f.probe || f.probe.ptrace.ok) return undefined;
  const ptrace = doctorReport(f).checks.find((c) => c.id === 'ptrace');
  const found = `${f.probe.ptrace.step ?? 'ptrace'}${f.probe.ptrace.errno ? `: ${f.probe.ptrace.errno}` : ''}`;
  const text = `Socket Lab cannot trace here: Linux refused ptrace (${found}). Fix: ${ptrace?.fix ?? ''}`;
  const inContainer = f.container || w.remote === 'dev-container' || w.remote === 'codespaces';
  // in the container already: its options change only by a rebuild; ptrace_scope 3 holds for every container
  // on this kernel too, while 2 does not stop a container that has CAP_SYS_PTRACE
  if (inContainer) return advice('noPtrace', f, w, w.remote === 'dev-container' ? ['rebuildContainer'] : [], text);
  return advice('noPtrace', f, w, f.probe.yama === 3 ? [] : containerActions(w),
    w.devcontainer && f.probe.yama !== 3 ? `${text} Or reopen the folder in its Dev Container, which may trace.` : text);
}

/** Reopen where it can work; where the extension is missing, offer it; with no Dev Container, nothing. */
function containerActions(w: WindowFacts): SetupAction[] {
  if (!w.devcontainer) return [];
  return [w.devContainers ? 'reopenInContainer' : 'installDevContainers'];
}

function advice(reason: SetupAdvice['reason'], f: DoctorFacts, w: WindowFacts, actions: SetupAction[], text: string): SetupAdvice {
  const all: SetupAction[] = [...actions, 'openSetupGuide'];
  const yama = reason === 'noPtrace' && !('error' in f.probe) ? ` yama ${f.probe.yama}` : '';
  const where = w.remote ? ` ${w.remote}` : '';
  return { reason, text, actions: all, state: `${reason} ${f.platform}-${f.arch}${yama}${where}: ${all.join(' ')}` };
}

/** Whether to say it: not when this machine state's advice was already answered (or dismissed). */
export function shouldSay(a: SetupAdvice, said: unknown): boolean {
  return !(Array.isArray(said) && said.includes(a.state));
}

/** The list kept in global state once `a` was answered: each state once, the latest last, at most 20. */
export function markSaid(a: SetupAdvice, said: unknown): string[] {
  const list = Array.isArray(said) ? said.filter((s): s is string => typeof s === 'string' && s !== a.state) : [];
  return [...list, a.state].slice(-20);
}
