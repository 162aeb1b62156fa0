// Where the student's code went after a traced call returned: the call's result (and errno) put into the
// variable it was stored in, the conditions after it evaluated with that value, and the first return, break or
// continue reached, or the branch taken. Only a path the conditions decide: a condition the trace cannot
// evaluate (it calls a function, reads memory) ends the search with no answer.
import type { SyscallEvent } from '../common/events';
import type { CSource } from './c-source';
import { calleeName, lineOf, oneLine, statementOf, type Node } from './c-syntax';
import { callOf } from './hint-lines';
import type { RelatedLine } from './source-lines';

type Value = number | string | undefined;

interface Env {
  /** the variable holding the call's result */
  name?: string;
  ret: number;
  errno?: string;
}

const SAME_ERRNO = [['EAGAIN', 'EWOULDBLOCK']];

function errnoEqual(a: string, b: string): boolean {
  return a === b || SAME_ERRNO.some((g) => g.includes(a) && g.includes(b));
}

/** An expression's value, where the call's result decides it; undefined where it does not. */
function value(e: Node | null, env: Env, call: Node): Value {
  if (!e) return undefined;
  switch (e.type) {
    case 'number_literal': return /^\d+$/.test(e.text) ? Number(e.text) : undefined;
    case 'identifier':
      if (e.text === env.name) return env.ret;
      if (e.text === 'errno') return env.errno;
      return /^E[A-Z0-9]+$/.test(e.text) ? e.text : undefined;
    case 'parenthesized_expression': return value(e.namedChild(0), env, call);
    case 'cast_expression': return value(e.childForFieldName('value'), env, call);
    case 'call_expression': return e.startIndex === call.startIndex ? env.ret : undefined;
    case 'assignment_expression': return e.childForFieldName('right')?.startIndex === call.startIndex ? env.ret : undefined;
    case 'unary_expression': {
      const v = value(e.childForFieldName('argument'), env, call);
      const op = e.child(0)?.text;
      if (op === '-' && typeof v === 'number') return -v;
      if (op === '!' && typeof v === 'number') return v === 0 ? 1 : 0;
      return undefined;
    }
    case 'binary_expression': return binary(e, env, call);
    default: return undefined;
  }
}

function binary(e: Node, env: Env, call: Node): Value {
  const op = e.child(1)?.text ?? '';
  const l = value(e.childForFieldName('left'), env, call);
  if (op === '&&' || op === '||') {
    // three-valued: false && anything is false, true || anything is true
    if (op === '&&' && l === 0) return 0;
    if (op === '||' && typeof l === 'number' && l !== 0) return 1;
    const r = value(e.childForFieldName('right'), env, call);
    if (l === undefined || r === undefined) return op === '&&' && r === 0 ? 0 : op === '||' && typeof r === 'number' && r !== 0 ? 1 : undefined;
    return truth(r) ? 1 : 0;
  }
  const r = value(e.childForFieldName('right'), env, call);
  if (l === undefined || r === undefined) return undefined;
  if (typeof l === 'string' || typeof r === 'string') {
    if (typeof l !== 'string' || typeof r !== 'string') return undefined;
    if (op === '==') return errnoEqual(l, r) ? 1 : 0;
    if (op === '!=') return errnoEqual(l, r) ? 0 : 1;
    return undefined;
  }
  switch (op) {
    case '==': return l === r ? 1 : 0;
    case '!=': return l !== r ? 1 : 0;
    case '<': return l < r ? 1 : 0;
    case '<=': return l <= r ? 1 : 0;
    case '>': return l > r ? 1 : 0;
    case '>=': return l >= r ? 1 : 0;
    default: return undefined;
  }
}

function truth(v: Value): boolean {
  return typeof v === 'number' ? v !== 0 : v !== undefined;
}

/** Where control went: a statement that leaves (return, break, continue, exit()), or nothing decided. */
type Step = { end: Node } | 'through' | 'unknown';

const EXITS = ['exit', '_exit', 'abort'];

/** Follows statements in order from `list[from]`. */
function run(list: Node[], from: number, env: Env, call: Node): Step {
  for (let i = from; i < list.length; i++) {
    const s = list[i];
    const step = one(s, env, call);
    if (step !== 'through') return step;
  }
  return 'through';
}

function one(s: Node, env: Env, call: Node): Step {
  switch (s.type) {
    case 'return_statement': case 'break_statement': case 'continue_statement': case 'goto_statement':
      return { end: s };
    case 'compound_statement': return run(s.namedChildren.filter((x): x is Node => x !== null), 0, env, call);
    case 'if_statement': {
      const c = value(s.childForFieldName('condition'), env, call);
      if (c === undefined) return 'unknown';
      if (truth(c)) return one(s.childForFieldName('consequence') as Node, env, call);
      const alt = s.childForFieldName('alternative');
      const other = alt?.namedChild(0);
      return other ? one(other, env, call) : 'through';
    }
    case 'expression_statement': {
      const e = s.namedChild(0);
      if (e?.type === 'call_expression' && EXITS.includes(calleeName(e))) return { end: s };
      // the variable changed: what follows no longer depends on the traced result
      if (env.name && e?.type === 'assignment_expression' && e.childForFieldName('left')?.text === env.name && e.startIndex !== call.parent?.startIndex) return 'unknown';
      return 'through';
    }
    case 'declaration': case 'comment': return 'through';
    default: return 'unknown';
  }
}

/** The variable a call's result is stored in: `n = recv(...)` or `ssize_t n = recv(...)`. */
export function resultName(call: Node): string | undefined {
  const p = call.parent;
  if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.startIndex === call.startIndex) return p.childForFieldName('left')?.text;
  if (p?.type === 'init_declarator') return p.childForFieldName('declarator')?.text;
  return undefined;
}

/** The statements after `s` in its block, and after its enclosing blocks up to the loop or function around it. */
function after(s: Node, env: Env, call: Node): Step {
  let cur: Node = s;
  for (;;) {
    const block = cur.parent;
    if (!block) return 'unknown';
    if (block.type === 'compound_statement') {
      const list = block.namedChildren.filter((x): x is Node => x !== null);
      const step = run(list, list.findIndex((x) => x.startIndex === cur.startIndex) + 1, env, call);
      if (step !== 'through') return step;
      cur = block;
      continue;
    }
    // the end of a loop's body goes round again; the end of the function returns: neither is a place in the code
    if (['for_statement', 'while_statement', 'do_statement', 'function_definition'].includes(block.type)) return 'unknown';
    cur = block;
  }
}

/** Where the code went after the traced call `ev` returned, as a related line, when its conditions decide it. */
export function pathAfter(src: CSource, ev: SyscallEvent): RelatedLine | undefined {
  const c = callOf(src, ev);
  if (!c || ev.ret === null) return undefined;
  const env: Env = { name: resultName(c.call), ret: ev.ret, errno: ev.ret === -1 ? ev.errno : undefined };
  const stmt = statementOf(c.call);
  let step: Step;
  if (stmt.type === 'if_statement' || stmt.type === 'while_statement') {
    // the call in the condition: `if ((n = recv(...)) <= 0)`, `while ((n = recv(...)) > 0)`
    const cond = value(stmt.childForFieldName('condition'), env, c.call);
    if (cond === undefined) return undefined;
    if (stmt.type === 'while_statement') step = truth(cond) ? 'unknown' : after(stmt, env, c.call);
    else if (truth(cond)) step = one(stmt.childForFieldName('consequence') as Node, env, c.call);
    else {
      const other = stmt.childForFieldName('alternative')?.namedChild(0);
      step = other ? one(other, env, c.call) : 'through';
      if (step === 'through') step = after(stmt, env, c.call);
    }
  } else {
    step = after(stmt, env, c.call);
  }
  if (typeof step !== 'object') return undefined;
  const result = ev.ret === -1 && ev.errno ? `-1 (${ev.errno})` : String(ev.ret);
  return { file: c.file.name, line: lineOf(step.end), note: `after ${ev.name}() returned ${result}, the code goes here: ${oneLine(step.end.text, 30)}` };
}
