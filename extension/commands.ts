// The command table: each command id with its handler and whether it needs a running session.
import * as vscode from 'vscode';
import { COMMANDS, NEEDS_SESSION, NEEDS_TRUST, type CommandName } from './command-ids';
import type { Ctx } from './ctx';
import type { MachineCheck } from './run/doctor';
import type { Grading } from './testing/grade';
import type { Milestones } from './labs/milestones';
import { openLab } from './labs/open-lab';
import type { TracePanel } from './panel/panel';
import type { Sessions } from './run/session';
import type { TraceActions } from './panel/trace-actions';

export interface Services {
  ctx: Ctx;
  sessions: Sessions;
  panel: TracePanel;
  actions: TraceActions;
  grading: Grading;
  milestones: Milestones;
  machine: MachineCheck;
}

type Handler = (s: Services, ...args: unknown[]) => unknown;

const TABLE: Record<CommandName, Handler> = {
  openLab: (s, lab, step) => openLab(lab, s.ctx.ext.globalState, step),
  runAndTrace: (s, uri) => s.sessions.runAndTrace(uri instanceof vscode.Uri ? uri : undefined),
  stop: (s) => s.sessions.stop(),
  gradeLab: (s) => s.grading.gradeCommand(),
  showTracePanel: (s, file, line) => {
    s.panel.show(false);
    if (typeof file === 'string' && typeof line === 'number') s.panel.showLine(file, line);
    // (a lens click reaches here with arguments, which VS Code does not report as this command's id)
    if (s.panel.feed.count > 0) s.milestones.reach('traceRead');
  },
  exportTrace: (s) => s.actions.exportTrace(),
  doctor: (s) => s.machine.showReport(),
};

export function registerCommands(s: Services): void {
  for (const name of Object.keys(TABLE) as CommandName[]) {
    s.ctx.pushExtCleanup(vscode.commands.registerCommand(COMMANDS[name], async (...args: unknown[]) => {
      if (NEEDS_SESSION.has(name) && !s.sessions.running) {
        void vscode.window.showInformationMessage('No program is running under Socket Lab.');
        return undefined;
      }
      if (NEEDS_TRUST.has(name) && !vscode.workspace.isTrusted) {
        const pick = await vscode.window.showWarningMessage(
          'Socket Lab compiles and runs the code of this folder only when you trust it (Restricted Mode is on).',
          'Manage Workspace Trust');
        if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
        return undefined;
      }
      try {
        return await TABLE[name](s, ...args);
      } catch (e) {
        s.ctx.output.error(`${COMMANDS[name]} failed: ${String((e as Error)?.stack ?? e)}`);
        void vscode.window.showErrorMessage(`Socket Lab: ${(e as Error)?.message ?? String(e)}`);
        return undefined;
      }
    }));
  }
}
