// A practice server for a client lab: Run and Trace plays the grader's part of one behaviour check (the lab's
// `program.practice`), so a client has a server to talk to and its trace shows a whole conversation instead of
// ECONNREFUSED. The same actions as the grade (grader/peer.ts); no vscode, so a test runs it with real sockets.
import type { LoadedLab } from '../../grader/labs';
import { describeAction, PeerFailure, runActions, Scope } from '../../grader/peer';
import type { BehaviourCheck } from '../../grader/spec';

/** how long the practice server may take, after the program ended, to see that and finish its step */
const SETTLE_MS = 500;

export interface Practice {
  /** the program's arguments, with the practice server's port in them */
  args: string[];
  /** what the terminal says before the program starts */
  intro: string;
  /** the program has ended: how the practice server's part went (waiting a moment for its last step) */
  settle(): Promise<string>;
  /** closes the practice server's sockets */
  stop(): void;
}

/** The check the lab names as its practice run, if any. */
export function practiceCheck(lab: LoadedLab): BehaviourCheck | undefined {
  const id = lab.spec.program.practice;
  const c = id === undefined ? undefined : lab.spec.grading.checks.find((x) => x.id === id);
  return c?.kind === 'behaviour' ? c : undefined;
}

/**
 * Starts the practice server of `lab` (its `before` actions: listening) and returns the program's arguments
 * with its port; the peer's part runs on while the program does. `argv` is the lab's program argv: the practice
 * server's placeholders ({srv.port}) are filled here, the rest by `fill`.
 */
export async function startPractice(lab: LoadedLab, argv: readonly string[], fill: (args: string[]) => string[]): Promise<Practice | undefined> {
  const check = practiceCheck(lab);
  if (!check) return undefined;
  const scope = new Scope({ host: '127.0.0.1' });
  try {
    await runActions(check.before ?? [], scope);
  } catch (e) {
    scope.closeAll();
    throw e;
  }
  let stopped = false;
  const where = Object.entries(scope.vars).filter(([k]) => k.endsWith('.port')).map(([, v]) => `127.0.0.1:${v}`).join(', ');
  const outcome = runActions(check.peer, scope).then(
    () => stopped ? undefined : `practice server: the conversation went as the check "${check.title}" expects (Grade Lab runs every check)`,
    (e: unknown) => {
      if (stopped) return undefined;
      const why = e instanceof PeerFailure ? e.message : `it hit an error: ${(e as Error).message}`;
      return `practice server: ${why}`;
    },
  ).finally(() => scope.closeAll());
  return {
    args: fill(argv.map((a) => scope.fill(a))),
    intro: `practice server on ${where}: it plays the grader's part of "${check.title}"`,
    settle: async () => {
      const doing = describeAction(scope.current);
      const line = await Promise.race([outcome, new Promise<null>((r) => setTimeout(() => r(null), SETTLE_MS))]);
      if (line) return line;
      stopped = true;
      scope.closeAll();
      return `practice server: the program ended while the server was ${doing}`;
    },
    stop: () => {
      stopped = true;
      scope.closeAll();
    },
  };
}
