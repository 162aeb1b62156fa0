// What the extension-host suite reports to the process that started VS Code: each test's outcome, written as
// JSON to the file named by $SOCKLAB_HOST_RESULTS. Pure; shared by the suite and the code-server launcher.

export const RESULTS_ENV = 'SOCKLAB_HOST_RESULTS';

export interface HostTestResult {
  /** the test's full title (suite titles, then its own) */
  title: string;
  state: 'passed' | 'failed' | 'pending';
  /** for a failure: the assertion's message and stack */
  error?: string;
}

export interface HostResults {
  results: HostTestResult[];
  failures: number;
}
