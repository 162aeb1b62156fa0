// What the student has really done, told to the getting-started walkthrough, whose steps complete on
// `onContext:` events (lab-progress.ts MILESTONES): a lab opened, a program run under the tracer, a grading
// finished, every check passed. The milestones reached are kept in global state.
//
// The walkthrough service counts a step done only when it sees its key *change* to true; a key that is already
// true when the service starts (it starts lazily, with the Welcome page) can never complete the step in that
// window. So the keys are false at rest and each milestone is a pulse (true, then false): once when it is
// reached, and again for every milestone reached so far whenever a workbench page such as the Welcome page
// opens, so that steps done before the walkthrough was ever shown are checked when it is.
import * as vscode from 'vscode';
import { MILESTONES, progressMilestones, WALKTHROUGH_ID, type Milestone, type Progress } from './lab-progress';

const STATE_KEY = 'socketLab.milestones';
const WELCOMED_KEY = 'socketLab.welcomed';

/** A tab that is not a text, diff, webview, custom, notebook or terminal editor: a workbench page. */
const isWorkbenchPage = (t: vscode.Tab) => t.input === undefined;

export class Milestones implements vscode.Disposable {
  private readonly reached: Set<Milestone>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: vscode.Memento) {
    const stored = state.get<unknown>(STATE_KEY);
    this.reached = new Set(Array.isArray(stored) ? stored.filter((m): m is Milestone => typeof m === 'string' && m in MILESTONES) : []);
    this.subscription = vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (e.opened.some(isWorkbenchPage)) this.announce([...this.reached]);
    });
    if (vscode.window.tabGroups.all.some((g) => g.tabs.some(isWorkbenchPage))) this.announce([...this.reached]);
  }

  /** Milestones the student has just reached (again). */
  reach(...list: Milestone[]): void {
    if (list.some((m) => !this.reached.has(m))) {
      for (const m of list) this.reached.add(m);
      void this.state.update(STATE_KEY, [...this.reached]);
    }
    this.announce(list);
  }

  /** The milestones the progress shows (a lab started, graded, passed). */
  fromProgress(p: Progress): void {
    this.reach(...progressMilestones(p));
  }

  private announce(list: Milestone[]): void {
    for (const m of list) {
      // two commands, run in order by the workbench: the walkthrough sees the change to true
      void vscode.commands.executeCommand('setContext', MILESTONES[m], true)
        .then(() => vscode.commands.executeCommand('setContext', MILESTONES[m], false));
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** The first time Socket Lab starts (for this user), its walkthrough opens: a new student sees what to do first. */
export async function welcomeOnce(state: vscode.Memento, enabled: boolean): Promise<void> {
  if (!enabled || state.get(WELCOMED_KEY)) return;
  await state.update(WELCOMED_KEY, true);
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
}
