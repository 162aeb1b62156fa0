// Check This Machine: the same probe as `socklab doctor`, run once per session in the background after
// activation (it never delays it, and on a machine where the tracer cannot load it reports that instead
// of failing), with one notification when something does not work, and the full report on request.
// Where nothing can be traced, setup.ts says what to do instead (once per machine state).
import * as vscode from 'vscode';
import { isolationProbeCommand } from '../../grader/isolation';
import { gatherFacts } from '../../runner/doctor';
import { doctorReport, type DoctorFacts, type DoctorReport } from '../../runner/doctor-report';
import type { Ctx } from '../ctx';
import { doctorAdvice, reportMarkdown } from './doctor-advice';
import { offerSetup } from './setup';

const SHOW_REPORT = 'Show Report';

export class MachineCheck {
  private last: { report: DoctorReport; facts: DoctorFacts; when: Date } | undefined;
  private running: Promise<DoctorReport | undefined> | undefined;
  private started = false;

  constructor(private readonly ctx: Ctx) {}

  /** The background check: once per session, and it says so at most once. */
  startOnce(): void {
    if (this.started) return;
    this.started = true;
    // after activation returns: the probe forks and runs its checks while the window comes up
    const t = setTimeout(() => void this.check().then((r) => r && this.advise(r)).catch(
      (e) => this.ctx.output.error(`the machine advice failed: ${String(e)}`)), 0);
    this.ctx.pushExtCleanup({ dispose: () => clearTimeout(t) });
  }

  /** The command: checks again and shows the whole report (and answers with it). */
  async showReport(): Promise<DoctorReport | undefined> {
    this.running = undefined;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Socket Lab: checking this machine...' }, () => this.check());
    if (!report) void vscode.window.showErrorMessage('Socket Lab: the machine check failed; the Socket Lab output says why.');
    else await this.openReport();
    return report;
  }

  private check(): Promise<DoctorReport | undefined> {
    this.running ??= gatherFacts({ isolationCommand: isolationProbeCommand() }).then(
      (facts) => {
        const report = doctorReport(facts);
        this.last = { report, facts, when: new Date() };
        const off = report.checks.filter((c) => c.status !== 'works').map((c) => `${c.id} ${c.status}`);
        this.ctx.output.info(`machine check: ${off.length ? off.join(', ') : 'everything works'}${report.exact ? '' : ' (tracing is not exact)'}`);
        return report;
      },
      (e) => {
        this.ctx.output.error(`the machine check failed: ${String((e as Error)?.stack ?? e)}`);
        return undefined;
      });
    return this.running;
  }

  private async advise(report: DoctorReport): Promise<void> {
    // nothing can be traced here: the setup advice (or its having been said before) replaces the rest
    if (this.last && await offerSetup(this.ctx, this.last.facts)) return;
    const advice = doctorAdvice(report);
    if (!advice) return;
    const show = advice.level === 'error' ? vscode.window.showErrorMessage
      : advice.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Socket Lab: ${advice.text}`, SHOW_REPORT).then((b) => {
      if (b === SHOW_REPORT) void this.openReport();
    });
  }

  private async openReport(): Promise<void> {
    if (!this.last) return;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: reportMarkdown(this.last.report, this.last.when.toLocaleString()) });
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}
