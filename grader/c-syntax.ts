// Small readings of tree-sitter's C syntax tree that the grader's line finders share: walking a tree, the
// function around a node, a call's name and arguments, the statement a node is part of, a string literal's
// bytes. No I/O: the trees come from grader/c-source.ts.
import type { Node } from 'web-tree-sitter';

export type { Node };

/** Every node under `n` (itself included), in source order. */
export function walk(n: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    visit(x);
    for (let i = x.namedChildCount - 1; i >= 0; i--) {
      const c = x.namedChild(i);
      if (c) stack.push(c);
    }
  }
}

export function nodes(n: Node, type: string | string[]): Node[] {
  const types = Array.isArray(type) ? type : [type];
  const out: Node[] = [];
  walk(n, (x) => { if (types.includes(x.type)) out.push(x); });
  return out;
}

/** The 1-based line a node starts on. */
export function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}

export function identifiersIn(n: Node): string[] {
  const out: string[] = [];
  walk(n, (x) => { if (x.type === 'identifier') out.push(x.text); });
  return out;
}

/** Source text on one line, cut to a length a message can hold. */
export function oneLine(s: string, max = 60): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

/** The statement (or declaration) a node is part of. */
export function statementOf(n: Node): Node {
  let s: Node = n;
  while (s.parent && !/statement$|^declaration$/.test(s.type)) s = s.parent;
  return s;
}

export function functionOf(n: Node): Node | undefined {
  let f: Node | null = n;
  while (f && f.type !== 'function_definition') f = f.parent;
  return f ?? undefined;
}

/** The name a function definition declares (`serve` of `static void serve(int fd) {...}`). */
export function functionName(fn: Node): string {
  let d: Node | null = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d?.childForFieldName('declarator')?.text ?? '';
}

/** The names of a function definition's parameters, in order ('' for one without a name). */
export function parameterNames(fn: Node): string[] {
  let d: Node | null = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const list = d?.childForFieldName('parameters');
  if (!list) return [];
  return list.namedChildren.filter((p): p is Node => p?.type === 'parameter_declaration').map((p) => {
    const ids = p.childForFieldName('declarator') ? identifiersIn(p.childForFieldName('declarator') as Node) : [];
    return ids[0] ?? '';
  });
}

/** What a call expression calls, when it is a plain name. */
export function calleeName(call: Node): string {
  const f = call.childForFieldName('function');
  return f?.type === 'identifier' ? f.text : '';
}

export function argumentsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((x): x is Node => x !== null);
}

/** The variable an expression names, through casts, `&`, `*`, parentheses and `buf + n` (`buf`). */
export function baseName(e: Node | undefined): string | undefined {
  let n: Node | null | undefined = e;
  while (n) {
    if (n.type === 'identifier') return n.text;
    if (n.type === 'cast_expression') n = n.childForFieldName('value');
    else if (n.type === 'pointer_expression') n = n.childForFieldName('argument');
    else if (n.type === 'parenthesized_expression') n = n.namedChild(0);
    else if (n.type === 'binary_expression' && ['+', '-'].includes(n.child(1)?.text ?? '')) n = n.childForFieldName('left');
    else if (n.type === 'subscript_expression') n = n.childForFieldName('argument');
    else return undefined;
  }
  return undefined;
}

/** One string literal's piece of a (possibly concatenated) literal: its line and its bytes. */
export interface LiteralPiece {
  line: number;
  node: Node;
  text: string;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };

function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_all, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}

/** The pieces of a string literal, or of adjacent literals ("a\r\n" "b"), each with its line; else undefined. */
export function literalPieces(e: Node | undefined): LiteralPiece[] | undefined {
  if (!e) return undefined;
  const parts = e.type === 'string_literal' ? [e] : e.type === 'concatenated_string' ? e.namedChildren.filter((x): x is Node => x?.type === 'string_literal') : [];
  if (parts.length === 0) return undefined;
  return parts.map((p) => ({ line: lineOf(p), node: p, text: unescape(p.text.replace(/^[LuU8]*"/, '').replace(/"$/, '')) }));
}

/** The variables a function assigns the result of fork() (or vfork()) to: `pid` of `pid_t pid = fork();`. */
function forkResults(fn: Node): string[] {
  return nodes(fn, 'call_expression').filter((c) => ['fork', 'vfork'].includes(calleeName(c))).flatMap((c) => {
    const p = c.parent;
    const target = p?.type === 'assignment_expression' ? p.childForFieldName('left')
      : p?.type === 'init_declarator' ? p.childForFieldName('declarator') : null;
    return target?.type === 'identifier' ? [target.text] : [];
  });
}

/**
 * Whether a node is in the branch only a fork()ed child runs: the `then` of `if (pid == 0)` or `if (!pid)`,
 * the `else` of `if (pid > 0)` or `if (pid != 0)`, a `case 0:` of `switch (pid)`, where pid is fork()'s result
 * (or `fork()` is itself the tested value).
 */
export function inForkChild(n: Node): boolean {
  const fn = functionOf(n);
  if (!fn) return false;
  const pids = forkResults(fn);
  const isPid = (t: string) => pids.includes(t) || /^\(?v?fork\(\s*\)\)?$/.test(t);
  const strip = (t: string) => t.replace(/^\((.*)\)$/s, '$1').replace(/\s+/g, '');
  for (let child: Node = n, at = n.parent; at && at !== fn; child = at, at = at.parent) {
    if (at.type === 'if_statement') {
      const cond = strip(at.childForFieldName('condition')?.text ?? '');
      const zero = /^(.+)==0$/.exec(cond)?.[1] ?? /^0==(.+)$/.exec(cond)?.[1] ?? /^!(.+)$/.exec(cond)?.[1];
      const nonzero = /^(.+)(?:!=0|>0)$/.exec(cond)?.[1] ?? (isPid(cond) ? cond : undefined);
      const inThen = at.childForFieldName('consequence')?.startIndex === child.startIndex;
      const inElse = at.childForFieldName('alternative')?.startIndex === child.startIndex;
      if ((zero !== undefined && isPid(zero) && inThen) || (nonzero !== undefined && isPid(nonzero) && inElse)) return true;
    }
    if (at.type === 'case_statement' && at.childForFieldName('value')?.text === '0') {
      const sw = at.parent?.parent;
      if (sw?.type === 'switch_statement' && isPid(strip(sw.childForFieldName('condition')?.text ?? ''))) return true;
    }
  }
  return false;
}
