// How the CLI says why tracing could not start: `socklab: ` and the teaching module's sentences, one further
// fix a line (the exit code is the caller's).
import type { TraceError } from '../common/errors';
import { traceErrorLines, type FixWords } from '../common/teaching';

const CLI_WORDS: FixWords = { cCompiler: 'CC', cxxCompiler: 'CXX' };

export function explain(e: TraceError, program?: string): string {
  return `socklab: ${traceErrorLines(e, CLI_WORDS, program).join('\n  ')}`;
}
