// Entry point: builds the context and the services, and wires commands, providers and listeners. No logic.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCallFinder } from './editor/c-parser';
import { FailedCallFixes } from './editor/code-actions';
import { SocketCallLenses } from './editor/codelens';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { MachineCheck } from './run/doctor';
import { Grading } from './testing/grade';
import { SocketHovers } from './editor/hover';
import { LABS_VIEW_ID, LabsView } from './labs/labs-view';
import { Milestones, welcomeOnce } from './labs/milestones';
import { resumeOpenLab } from './labs/open-lab';
import { PANEL_VIEW_TYPE, TracePanel } from './panel/panel';
import { RunResults } from './run/run-results';
import { Sessions } from './run/session';
import { useCallFinder } from './editor/source-calls';
import { StatusBar } from './run/status';
import { TraceActions } from './panel/trace-actions';
import { loadTrace, saveTrace } from './panel/trace-file';
import { TraceFeed } from './panel/trace-feed';
import { isSourceDoc, SOURCE_SELECTOR } from './run/languages';

const C_FILES: vscode.DocumentSelector = SOURCE_SELECTOR;

export function activate(ext: vscode.ExtensionContext): void {
  const ctx = new Ctx(ext);
  const status = new StatusBar(ctx.status);
  const feed = new TraceFeed(ctx.settings().eventCap);
  const results = new RunResults();
  const lenses = ctx.pushExtCleanup(new SocketCallLenses(results));
  void loadCallFinder(vscode.Uri.joinPath(ext.extensionUri, 'dist').fsPath).then(
    (finder) => { useCallFinder(finder); ctx.pushExtCleanup({ dispose: () => useCallFinder(undefined) }); lenses.refresh(); },
    (e) => ctx.output.warn(`the C parser did not load; socket calls are found by a simpler lexer: ${String(e)}`));
  let sessions: Sessions | undefined;
  const actions = new TraceActions(feed, () => sessions?.lastPlan?.cwd);
  const panel = new TracePanel(ctx, feed, actions);
  // the last run's trace outlives the window: a reload (a new extension host) shows it again
  const traceFile = path.join((ext.storageUri ?? ext.globalStorageUri).fsPath, 'last-trace.jsonl');
  // (no copy of the events: a new run starts a new array, so this one no longer changes)
  const keepTrace = () => saveTrace(traceFile, { title: feed.title, end: feed.ended, events: feed.all() })
    .catch((e) => ctx.output.warn(`could not keep the trace for the next window: ${String(e)}`));
  void loadTrace(traceFile).then((t) => {
    if (!t || feed.live || feed.count > 0) return;
    feed.restore(`restored-${Date.now()}`, t.title, t.events, t.end);
    panel.sendSnapshot();
  });
  sessions = new Sessions({
    ctx, panel, results, lenses, status, keepTrace,
    compilerProblems: ctx.pushExtCleanup(vscode.languages.createDiagnosticCollection('socketlab-compiler')),
    runProblems: ctx.pushExtCleanup(vscode.languages.createDiagnosticCollection('socketlab-run')),
  });
  const grading = new Grading(ctx, status);
  const milestones = ctx.pushExtCleanup(new Milestones(ext.globalState));
  const machine = new MachineCheck(ctx);
  registerCommands({ ctx, sessions, panel, actions, grading, milestones, machine });
  const labsView = ctx.pushExtCleanup(new LabsView(ext.globalState, (m) => ctx.output.warn(m)));

  ctx.pushExtCleanup(vscode.window.registerTreeDataProvider(LABS_VIEW_ID, labsView));
  ctx.pushExtCleanup(vscode.workspace.onDidOpenTextDocument((doc) => labsView.noticeFile(doc.uri)));
  ctx.pushExtCleanup(grading.onGraded(({ lab, report }) => void labsView.graded(lab.spec.id, report)));
  ctx.pushExtCleanup(labsView.onDidChangeProgress((p) => milestones.fromProgress(p)));
  milestones.fromProgress(labsView.progress);

  ctx.pushExtCleanup(vscode.languages.registerCodeLensProvider(C_FILES, lenses));
  ctx.pushExtCleanup(vscode.languages.registerHoverProvider(C_FILES, new SocketHovers()));
  ctx.pushExtCleanup(vscode.languages.registerCodeActionsProvider(C_FILES, new FailedCallFixes(results), FailedCallFixes.metadata));
  ctx.pushExtCleanup(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (p) => panel.adopt(p),
  }));
  ctx.pushExtCleanup(vscode.window.onDidChangeTextEditorSelection((e) => {
    if (isSourceDoc(e.textEditor.document) && panel.visible) panel.cursor(e.textEditor.document.uri.fsPath, e.selections[0].active.line + 1);
  }));
  ctx.pushExtCleanup(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('socketLab')) ctx.output.info('settings changed; they apply from the next run');
  }));
  ctx.pushExtCleanup(ctx.onSessionChanged(() => {
    void vscode.commands.executeCommand('setContext', 'socketLab.running', sessions?.running ?? false);
    // the program compiled and runs under the tracer: the walkthrough's run step is done
    if (sessions?.running) milestones.reach('traced');
  }));
  for (const doc of vscode.workspace.textDocuments) labsView.noticeFile(doc.uri);
  void resumeOpenLab(ext.globalState).catch((e) => ctx.output.error(`reopening the lab failed: ${String(e)}`));
  void welcomeOnce(ext.globalState, ctx.settings().welcome).catch((e) => ctx.output.warn(`the walkthrough did not open: ${String(e)}`));
  ctx.output.info(`Socket Lab activated (${process.platform}, Node ${process.version})`);
  // can this machine trace? in the background, once per session; says so once if something is missing
  machine.startOnce();
}

export function deactivate(): void {
  // everything is disposed through the context, which is in ext.subscriptions
}
