// Run and Trace: compile the C file (or the lab it belongs to) with problems into the Problems view, start it
// under the tracer with pipes, connect its terminal, stream events to the panel and lenses, and report how it
// ended. Everything a run creates is registered in the session scope of the context.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compile } from '../../runner/compile';
import { TraceError } from '../../common/errors';
import { stopReason } from '../../common/run-end';
import { startTrace, type TraceRun } from '../../runner/trace';
import { parseCompilerOutput } from './compiler-output';
import type { Ctx } from '../ctx';
import { compilerDiagnostics, runDiagnostics } from '../editor/diagnostics';
import { fillArgs, planRun, type RunPlan } from '../labs/lab-context';
import { startPractice, type Practice } from './practice';
import { openSetupGuide } from './setup';
import { isSourceDoc } from './languages';
import { endReasonMessage, endText, limitNote, traceErrorMessage, type UserMessage } from './messages';
import type { TracePanel } from '../panel/panel';
import type { RunResults } from './run-results';
import { compileFlags, traceLimits } from '../settings';
import { ProgramTerminal } from './terminal';
import type { SocketCallLenses } from '../editor/codelens';
import type { StatusBar } from './status';

export interface SessionDeps {
  ctx: Ctx;
  panel: TracePanel;
  results: RunResults;
  lenses: SocketCallLenses;
  compilerProblems: vscode.DiagnosticCollection;
  runProblems: vscode.DiagnosticCollection;
  status: StatusBar;
  /** keeps the finished run's trace for the next window */
  keepTrace?: () => Promise<void>;
}

export class Sessions {
  private current: { run: TraceRun; stopped: boolean; finished: Promise<void> } | undefined;
  private terminal: { term: vscode.Terminal; pty: ProgramTerminal } | undefined;
  private buildDir: string | undefined;
  private counter = 0;
  lastPlan: RunPlan | undefined;

  constructor(private readonly d: SessionDeps) {
    d.ctx.pushExtCleanup(vscode.window.onDidCloseTerminal((t) => {
      if (t === this.terminal?.term) this.terminal = undefined;
    }));
    d.ctx.pushExtCleanup({ dispose: () => this.buildDir && fs.rmSync(this.buildDir, { recursive: true, force: true }) });
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Ends the running program and every process it started; resolves when it is gone. */
  async stop(): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    cur.stopped = true;
    cur.run.stop();
    await cur.finished;
  }

  async runAndTrace(uri?: vscode.Uri): Promise<void> {
    const file = await this.pickFile(uri);
    if (!file) return;
    await this.stop();
    const s = this.d.ctx.settings(vscode.Uri.file(file));
    const plan = planRun(file, { port: s.port, programArgs: s.programArgs });
    this.lastPlan = plan;
    const out = path.join(this.workDir(), path.parse(file).name);
    const texts = new Map(plan.sources.map((f) => [f, readText(f)]));
    this.d.status.show({ kind: 'compiling', name: path.basename(file) });
    let result;
    try {
      result = await compile(plan.sources, {
        out, cwd: plan.cwd, compiler: s.compiler || undefined, cxx: s.cppCompiler || undefined, flags: compileFlags(s), json: true,
      });
    } catch (e) {
      this.d.status.show({ kind: 'idle' });
      return this.fail(e);
    }
    this.d.ctx.output.info(`${result.compiler} ${plan.sources.map((f) => path.relative(plan.cwd, f)).join(' ')}: ${result.ok ? 'ok' : 'failed'}`);
    this.showCompilerProblems(result.output, plan, file);
    if (!result.ok) {
      this.d.status.show({ kind: 'compileFailed' });
      const errors = parseCompilerOutput(result.output).filter((p) => p.severity === 'error').length;
      void vscode.window.showErrorMessage(`${path.basename(file)} did not compile${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}: see the Problems view.`, 'Show Problems')
        .then((b) => b && vscode.commands.executeCommand('workbench.actions.view.problems'));
      return;
    }
    let practice: Practice | undefined;
    if (plan.lab) {
      const lab = plan.lab;
      try {
        practice = await startPractice(lab, lab.spec.program.argv, (a) => fillArgs(a, lab.spec.id, s.port));
      } catch (e) {
        this.d.ctx.output.error(`the practice server did not start: ${(e as Error).message}`);
      }
    }
    this.start(practice ? { ...plan, args: practice.args } : plan, out, texts, s, practice);
  }

  private start(plan: RunPlan, program: string, texts: Map<string, string>, s: ReturnType<Ctx['settings']>, practice?: Practice): void {
    const { ctx, panel, results } = this.d;
    const name = path.basename(program);
    let run: TraceRun;
    const pty = this.programTerminal();
    if (practice) ctx.pushSessionCleanup({ dispose: () => practice.stop() });
    try {
      run = startTrace({
        argv: [program, ...plan.args], cwd: plan.cwd, payload: s.payloadBytes, terminal: pty.size ?? { cols: 80, rows: 24 },
        limits: traceLimits(s),
        // accept() with no client yet: its lens says the program waits there now
        onBlocked: (call) => { results.blocked(call); this.d.lenses.refresh(); },
      });
    } catch (e) {
      practice?.stop();
      return this.fail(e);
    }
    ctx.output.info(`started ${[name, ...plan.args].join(' ')} in ${plan.cwd} (tracer pid ${run.pid})`);
    ctx.pushSessionCleanup({ dispose: () => run.stop() });
    results.start(texts, plan.port);
    this.d.runProblems.clear();
    panel.feed.reset(`run-${++this.counter}-${Date.now()}`, [name, ...plan.args].join(' '), s.eventCap);
    panel.show(true);
    panel.sendSnapshot();
    pty.note(`$ ${[name, ...plan.args].join(' ')}   (Socket Lab: traced; Ctrl-C stops it)`);
    if (practice) pty.note(`[${practice.intro}]`);
    if (run.terminal) pty.attach(run.terminal);
    this.d.lenses.refresh();
    const cur = { run, stopped: false, finished: Promise.resolve() };
    this.current = cur;
    ctx.notifySessionChanged();
    this.d.status.show({ kind: 'running', name, events: 0 });
    cur.finished = this.pump(run, cur, plan, name, s, practice);
  }

  private async pump(run: TraceRun, cur: { stopped: boolean }, plan: RunPlan, name: string, s: ReturnType<Ctx['settings']>,
    practice?: Practice): Promise<void> {
    const { ctx, panel, results, lenses } = this.d;
    let lensTimer: NodeJS.Timeout | undefined;
    const lensSoon = () => {
      // the Problems view too: a server that bound the wrong port keeps running, and its warning is due now
      lensTimer ??= setTimeout(() => { lensTimer = undefined; lenses.refresh(); this.showRunProblems(plan); }, 300);
    };
    ctx.pushSessionCleanup({ dispose: () => lensTimer && clearTimeout(lensTimer) });
    try {
      for await (const batch of run.events) {
        results.add(panel.feed.append(batch));
        panel.scheduleFlush();
        lensSoon();
        this.d.status.show({ kind: 'running', name, events: panel.feed.count });
      }
    } catch (e) {
      ctx.output.error(`reading the trace failed: ${String(e)}`);
    }
    const end = await run.done;
    // the program has ended: the Stop button, the context and the status bar say so now, whatever the
    // terminal has still to show
    this.current = undefined;
    ctx.notifySessionChanged();
    panel.feed.end({ code: end.code, ...(end.signal ? { signal: end.signal } : {}), ...(cur.stopped ? { stopped: true } : {}) });
    panel.flush();
    results.live = false;
    void this.d.keepTrace?.();
    lenses.refresh();
    this.showRunProblems(plan);
    const practised = practice && !cur.stopped ? await practice.settle() : undefined;
    if (practised) this.terminal?.pty.note(`\r\n[${practised}]`);
    const reason = stopReason(end);
    const text = endText({ ...end, reason }, cur.stopped, results.crash);
    const limit = cur.stopped ? undefined : limitNote({ ...end, reason }, s);
    this.terminal?.pty.note(`\r\n[${name} ${text}]${limit ? `\r\n[${limit}]` : ''}`);
    ctx.output.info(`${name} ${text}; ${panel.feed.count} events${panel.feed.droppedCount ? `, ${panel.feed.droppedCount} past the cap not kept` : ''}`);
    this.d.status.show({ kind: 'ended', name, text, events: panel.feed.count });
    if (end.error && !cur.stopped) this.fail(end.error);
    else if (reason && !cur.stopped && reason !== 'output') showUserMessage(ctx, endReasonMessage(reason), 'warning');
    ctx.endSessionScope();
  }

  /** The failed calls and byte-order mistakes of the run so far, at their lines. */
  private showRunProblems(plan: RunPlan): void {
    for (const [file, list] of runDiagnostics(this.d.results, plan.sources)) this.d.runProblems.set(vscode.Uri.file(file), list);
  }

  private programTerminal(): ProgramTerminal {
    if (!this.terminal) {
      const pty = new ProgramTerminal();
      const term = vscode.window.createTerminal({ name: 'Socket Lab: program', pty, iconPath: new vscode.ThemeIcon('plug') });
      this.terminal = { term, pty };
      this.d.ctx.pushExtCleanup(term);
    }
    this.terminal.term.show(true);
    return this.terminal.pty;
  }

  private showCompilerProblems(output: string, plan: RunPlan, file: string): void {
    this.d.compilerProblems.clear();
    for (const [f, list] of compilerDiagnostics(parseCompilerOutput(output), plan.cwd, file)) {
      this.d.compilerProblems.set(vscode.Uri.file(f), list);
    }
    if (output.trim()) this.d.ctx.output.info(output.trim());
  }

  private async pickFile(uri?: vscode.Uri): Promise<string | undefined> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc || !isSourceDoc(doc)) {
      void vscode.window.showInformationMessage('Open a C or C++ file (or a lab\'s .c file) to run and trace it.');
      return undefined;
    }
    if (doc.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Socket Lab runs files on disk; save this file first.');
      return undefined;
    }
    await vscode.workspace.saveAll(false);
    return doc.uri.fsPath;
  }

  private workDir(): string {
    this.buildDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-build-'));
    return this.buildDir;
  }

  private fail(e: unknown): void {
    if (e instanceof TraceError) {
      this.d.ctx.output.error(`${e.reason}: ${e.message}${e.detail ? ` (${e.detail})` : ''}`);
      showUserMessage(this.d.ctx, traceErrorMessage(e), 'error');
    } else {
      this.d.ctx.output.error(String((e as Error)?.stack ?? e));
      void vscode.window.showErrorMessage(`Socket Lab: ${(e as Error)?.message ?? String(e)}`);
    }
  }
}

/** A run's message in a notification, with its button (settings, or the setup guide where tracing cannot run). */
function showUserMessage(ctx: Ctx, m: UserMessage, level: 'error' | 'warning'): void {
  ctx.output.appendLine(m.text);
  const button = m.action === 'openSettings' ? 'Open Settings' : m.action === 'setupGuide' ? 'Setup Guide' : undefined;
  const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  void show(`Socket Lab: ${m.text}`, ...(button ? [button] : [])).then((b) => {
    if (b === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'socketLab');
    else if (b === 'Setup Guide') void openSetupGuide(ctx);
  });
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
