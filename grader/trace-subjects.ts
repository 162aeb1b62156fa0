// What a trace rule judges must have happened for the rule to say anything: "every accepted socket is
// closed" passes vacuously when nothing was accepted, "no failed call is ignored" when nothing failed. So
// a rule whose subject is missing from the run fails, saying so. sequence, contains and count with a
// positive min need their calls anyway; absent and a count with only a max name their subject in lab.json
// (`given`), which lintLab requires.
import type { SyscallEvent, TraceEvent } from '../common/events';
import type { RuleResult } from './trace-rules';
import type { TraceRule } from './spec';
import { isSocketFdCall, matchEvent, sentBytes } from './trace-match';
import { COUNTED_SEND_CALLS, RECV_CALLS, SOCKET_MAKING_CALLS } from '../common/syscalls';
import { NORMAL_ERRNOS, NOT_YET_ERRNOS } from '../common/errnos';


function sys(events: TraceEvent[]): SyscallEvent[] {
  return events.filter((e): e is SyscallEvent => e.type === 'syscall');
}

/** Does the rule need a subject the trace lacks? Its failure when so, undefined when the rule may judge. */
export function missingSubject(rule: TraceRule, events: TraceEvent[]): RuleResult | undefined {
  const fail = (message: string, expected: string): RuleResult => ({ pass: false, message, compared: { expected, actual: '(none in this run)' } });
  const given = rule.given;
  if (given) {
    if (events.some((e) => matchEvent(given, e, {}).ok)) return undefined;
    return fail(`The run has no ${given.describe}, so there is nothing for this check to judge.`, given.describe);
  }
  const calls = sys(events);
  switch (rule.rule) {
    case 'closed':
      if (rule.which === 'accepted') {
        if (calls.some((c) => (c.name === 'accept' || c.name === 'accept4') && c.ret !== null && c.ret >= 0)) return undefined;
        return fail('No connection was accepted in this run, so there is no accepted socket to close.', 'an accepted connection');
      }
      if (calls.some((c) => SOCKET_MAKING_CALLS.has(c.name) && c.ret !== null && c.ret >= 0)) return undefined;
      return fail('The program made no socket in this run, so there is nothing to close.', 'a socket');
    case 'handled':
      if (calls.some((c) => c.ret === -1 && isSocketFdCall(c) && !NOT_YET_ERRNOS.has(c.errno ?? '') && c.name !== 'close')) return undefined;
      return fail('No socket call failed in this run, so there is no failure handling to judge: what the grader did ' +
        '(reset or left a connection, refused one, or injected a fault) should have made one of the program\'s calls fail. ' +
        'Does the program make those calls?', 'a failed socket call');
    case 'complete-writes':
      if (calls.some((c) => COUNTED_SEND_CALLS.has(c.name) && isSocketFdCall(c) && c.ret !== null && c.ret >= 0 && (sentBytes(c).len ?? 0) > c.ret)) return undefined;
      return fail('No send on a socket was cut short in this run, so there is no short write to complete. ' +
        'Does the program send its reply?', 'a short send on a socket');
    case 'all-nonblocking':
      if (calls.some((c) => RECV_CALLS.has(c.name) && isSocketFdCall(c))) return undefined;
      return fail('The program read from no socket in this run, so there is no socket to judge.', 'a recv() on a socket');
    case 'child-closes-listener':
      if (calls.some((c) => (c.name === 'accept' || c.name === 'accept4') && c.ret !== null && c.ret >= 0)) return undefined;
      return fail('No connection was accepted in this run, so no child served one.', 'an accepted connection');
    case 'new-socket-per-connect':
      if (calls.some((c) => c.name === 'connect' && c.ret === -1 && !NORMAL_ERRNOS.has(c.errno ?? ''))) return undefined;
      return fail('No connect() failed in this run, so there is no retry to judge: the grader was not listening at first, ' +
        'so the program\'s first connect() should have failed. Does the program connect?', 'a failed connect()');
    default:
      return undefined;
  }
}

/** Rules that cannot fail for want of their calls must name their subject (`given`) in lab.json. */
export function needsGiven(rule: TraceRule): boolean {
  if (rule.rule === 'absent') return true;
  return rule.rule === 'count' && !(rule.min !== undefined && rule.min > 0);
}
