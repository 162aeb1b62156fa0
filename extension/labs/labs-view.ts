// The Socket Lab view in the activity bar: the labs and their steps with the student's progress, kept in
// global state so that it follows the student from one workspace to the next and survives a reload. A lab's
// row expands to its steps and has an Open Lab button; clicking a step shows that step of the README.
import * as vscode from 'vscode';
import { loadLabs } from '../../grader/labs';
import type { LabSpec } from '../../grader/spec';
import { COMMANDS } from '../command-ids';
import type { GradeReport } from '../testing/grade-report';
import { labOf } from './lab-context';
import { LABS_VIEW_ID, labTree, markStarted, readProgress, recordGrade, type LabNode, type Progress } from './lab-progress';

export { LABS_VIEW_ID };
const PROGRESS_KEY = 'socketLab.progress';

export class LabsView implements vscode.TreeDataProvider<LabNode> {
  private readonly changed = new vscode.EventEmitter<LabNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly progressChanged = new vscode.EventEmitter<Progress>();
  /** fires with the new progress after each change */
  readonly onDidChangeProgress = this.progressChanged.event;
  private specs: LabSpec[] | undefined;

  constructor(private readonly state: vscode.Memento, private readonly log: (msg: string) => void) {}

  get progress(): Progress {
    return readProgress(this.state.get(PROGRESS_KEY));
  }

  private async save(p: Progress): Promise<void> {
    await this.state.update(PROGRESS_KEY, p);
    this.changed.fire(undefined);
    this.progressChanged.fire(p);
  }

  /** The student opened, ran or graded a file of this lab. */
  async started(labId: string): Promise<void> {
    const before = this.progress;
    const after = markStarted(before, labId, Date.now());
    if (after !== before) await this.save(after);
  }

  /** A file was opened: if it belongs to a lab, the student has started that lab. */
  noticeFile(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !uri.fsPath.endsWith('.c')) return;
    const lab = labOf(uri.fsPath);
    if (lab) void this.started(lab.spec.id);
  }

  async graded(labId: string, report: GradeReport): Promise<void> {
    await this.save(recordGrade(this.progress, labId, report, Date.now()));
  }

  refresh(): void {
    this.specs = undefined;
    this.changed.fire(undefined);
  }

  private labs(): LabSpec[] {
    if (!this.specs) {
      try {
        this.specs = loadLabs().map((l) => l.spec);
      } catch (e) {
        this.log(`cannot list the labs: ${(e as Error).message}`);
        this.specs = [];
      }
    }
    return this.specs;
  }

  getChildren(node?: LabNode): LabNode[] {
    return node ? node.children : labTree(this.labs(), this.progress);
  }

  getTreeItem(node: LabNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.kind === 'lab' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.accessibilityInformation = { label: node.ariaLabel };
    item.contextValue = `${node.kind}.${node.status}`;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.status === 'passed'
      ? new vscode.ThemeColor('testing.iconPassed')
      : node.status === 'failing' ? new vscode.ThemeColor('testing.iconFailed') : undefined);
    // a lab's row expands (its Open Lab button is in package.json's view/item/context menu)
    // a step's click shows its part of the README (and opens the lab first if the student has not yet)
    if (node.kind === 'step') item.command = { command: COMMANDS.openLab, title: 'Show Step', arguments: [node.labId, node.label] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.progressChanged.dispose();
  }
}
