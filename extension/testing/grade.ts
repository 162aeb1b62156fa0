// Grade Lab: runs `socklab grade` (the bundled CLI, in a process of its own so that it can isolate itself in a
// network namespace) on the student's folder, and shows each check as a test in the Testing view.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadLabs, type LoadedLab } from '../../grader/labs';
import type { Ctx } from '../ctx';
import { checkOutput, checksByStep, editorMessage, failureDiff, failureFrames, failureSite, parseGradeReport, reportText, type GradedCheck, type GradeReport } from './grade-report';
import { labOf } from '../labs/lab-context';
import type { StatusBar } from '../run/status';

export class Grading {
  private readonly controller: vscode.TestController;
  private target: { lab: LoadedLab; dir: string } | undefined;
  private readonly gradedEmitter = new vscode.EventEmitter<{ lab: LoadedLab; report: GradeReport }>();
  /** fires after each grading that produced a report, from the command or the Testing view */
  readonly onGraded = this.gradedEmitter.event;

  constructor(private readonly ctx: Ctx, private readonly status: StatusBar) {
    ctx.pushExtCleanup(this.gradedEmitter);
    this.controller = ctx.pushExtCleanup(vscode.tests.createTestController('socketLab.grading', 'Socket Lab'));
    ctx.pushExtCleanup(this.controller.createRunProfile('Grade', vscode.TestRunProfileKind.Run, (req, token) => this.runRequest(req, token), true));
  }

  /** Grades the lab of the active file (or one the user picks) and shows the results. */
  async gradeCommand(): Promise<GradeReport | undefined> {
    const t = await this.pickTarget();
    if (!t) return undefined;
    this.target = t;
    return this.grade(t, new vscode.TestRunRequest());
  }

  private async runRequest(req: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const t = this.target ?? (await this.pickTarget());
    if (!t || token.isCancellationRequested) return;
    await this.grade(t, req);
  }

  private async pickTarget(): Promise<{ lab: LoadedLab; dir: string } | undefined> {
    const file = vscode.window.activeTextEditor?.document.uri;
    const lab = file?.scheme === 'file' ? labOf(file.fsPath) : undefined;
    if (lab && file) return { lab, dir: path.dirname(file.fsPath) };
    const picked = await vscode.window.showQuickPick(loadLabs().map((l) => ({ label: l.spec.title, description: l.spec.id, lab: l })), { placeHolder: 'Grade which lab?' });
    if (!picked) return undefined;
    const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Grade this folder' });
    return folder?.[0] ? { lab: picked.lab, dir: folder[0].fsPath } : undefined;
  }

  /** The lab's checks as tests in the README's order of steps (sortText), each opening the lab's source file. */
  private items(lab: LoadedLab, dir: string): Map<string, vscode.TestItem> {
    const root = this.controller.createTestItem(lab.spec.id, lab.spec.title);
    const main = lab.spec.files.find((f) => /\.(c|cc|cpp|cxx)$/.test(f)) ?? lab.spec.files[0];
    const uri = main ? vscode.Uri.file(path.join(dir, main)) : undefined;
    const map = new Map<string, vscode.TestItem>();
    checksByStep(lab.spec).forEach((group, g) => {
      group.checks.forEach((c, i) => {
        const item = this.controller.createTestItem(`${lab.spec.id}/${c.id}`, c.title, uri);
        item.sortText = `${String(g).padStart(3, '0')}.${String(i).padStart(3, '0')}`;
        item.description = group.step ? `step ${g + 1}` : undefined;
        root.children.add(item);
        map.set(c.id, item);
      });
    });
    this.controller.items.replace([root]);
    map.set('', root);
    return map;
  }

  private async grade(t: { lab: LoadedLab; dir: string }, req: vscode.TestRunRequest): Promise<GradeReport | undefined> {
    await vscode.workspace.saveAll(false);
    const items = this.items(t.lab, t.dir);
    const run = this.controller.createTestRun(req, `Grade ${t.lab.spec.id}`);
    for (const [id, item] of items) if (id) run.started(item);
    this.status.show({ kind: 'grading', lab: t.lab.spec.id });
    this.ctx.output.info(`grading ${t.lab.spec.id} in ${t.dir}`);
    try {
      const { stdout, stderr } = await this.runCli(['grade', t.lab.spec.id, t.dir, '--format', 'json']);
      const report = parseGradeReport(stdout);
      if (!report) throw new Error(stderr.trim() || 'the grader printed no report');
      this.ctx.output.info(reportText(report));
      const root = items.get('');
      if (root) root.description = `${report.score}/${report.maxScore} points`;
      for (const c of report.checks) {
        const item = items.get(c.id);
        if (!item) continue;
        item.description = `${item.description ? `${item.description} · ` : ''}${c.points}/${c.maxPoints}`;
        const site = failureSite(c);
        // a click on the test opens the student's line the failure points at
        if (site && c.status === 'fail' && item.uri?.fsPath === path.resolve(t.dir, site.file)) {
          item.range = new vscode.Range(site.line - 1, 0, site.line - 1, 0);
        }
        run.appendOutput(checkOutput(c), undefined, item);
        if (c.status === 'pass') run.passed(item, c.durationMs);
        else if (c.status === 'skip') run.skipped(item);
        else run.failed(item, failureMessage(c, t.dir), c.durationMs);
      }
      this.gradedEmitter.fire({ lab: t.lab, report });
      const summary = `${t.lab.spec.title}: ${report.score}/${report.maxScore} points${report.passed ? ', every check passed' : ''}.`;
      void (report.passed ? vscode.window.showInformationMessage(summary) : vscode.window.showWarningMessage(`${summary} See the Testing view.`, 'Show Tests')
        .then((b) => b && vscode.commands.executeCommand('workbench.view.testing.focus')));
      return report;
    } catch (e) {
      this.ctx.output.error(`grading failed: ${(e as Error).message}`);
      for (const [id, item] of items) if (id) run.errored(item, new vscode.TestMessage((e as Error).message));
      void vscode.window.showErrorMessage(`Socket Lab could not grade ${t.lab.spec.id}: ${(e as Error).message}`);
      return undefined;
    } finally {
      run.end();
      this.status.show({ kind: 'idle' });
    }
  }

  /** The bundled CLI, run by this host's own Node (ELECTRON_RUN_AS_NODE makes desktop VS Code's binary one). */
  private runCli(args: string[]): Promise<{ stdout: string; stderr: string }> {
    const cli = vscode.Uri.joinPath(this.ctx.extensionUri, 'dist', 'cli.js').fsPath;
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [cli, ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 << 20, timeout: 300_000 }, (err, stdout, stderr) => {
        // exit 1 means a check failed: the report is still on stdout
        if (err && (err as { code?: unknown }).code !== 1) reject(new Error(stderr.trim() || err.message));
        else resolve({ stdout, stderr });
      });
    });
  }
}

/**
 * A failed check as the Testing view shows it: a side-by-side diff when it compares, at the student's line, and
 * every line it names (its own, then the related ones with what happened there) as the peek's list of places,
 * each a click away. One message per check: the related lines are part of the one failure, not failures of their own.
 */
function failureMessage(c: GradedCheck, dir: string): vscode.TestMessage {
  const text = editorMessage(c.message ?? 'failed');
  const diff = failureDiff(c);
  const msg = diff ? vscode.TestMessage.diff(text, diff.expected, diff.actual) : new vscode.TestMessage(text);
  const frames = failureFrames(c);
  const place = (f: { file: string; line: number }) => ({ uri: vscode.Uri.file(path.resolve(dir, f.file)), pos: new vscode.Position(f.line - 1, 0) });
  // a failure with no line of its own (a zombie child) is shown at the first line it names
  const site = failureSite(c) ?? frames[0];
  if (site) msg.location = new vscode.Location(place(site).uri, place(site).pos);
  if (frames.length > 1 || (frames.length === 1 && !failureSite(c))) {
    msg.stackTrace = frames.map((f) => new vscode.TestMessageStackFrame(f.label, place(f).uri, place(f).pos));
  }
  return msg;
}
