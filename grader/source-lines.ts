// The line of a mistake, found with tree-sitter's C grammar: for a call whose argument is wrong, the line in
// the same function that set it: `addr.sin_port = 8080;` for a port, `addr.sin_family = ...`, the last
// assignment to a `len` variable. The call's own line is the trace's; this adds the line before it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CFile } from './c-source';
import { loadParser } from './c-source';
import { identifiersIn, oneLine, walk, type Node } from './c-syntax';

/** A line of the student's file that a failure names besides the call, with what it did there. */
export interface RelatedLine {
  file: string;
  line: number;
  note: string;
}

/** (file, call line, syscall, argument index, argument name as the trace says it) to the line that set it. */
export type FieldFinder = (file: string, callLine: number, call: string, argIndex: number, arg: string) => RelatedLine | undefined;

// the C names of the fields the trace reports an address by
const FIELDS: Record<string, string[]> = {
  port: ['sin_port', 'sin6_port'],
  family: ['sin_family', 'sin6_family', 'sun_family'],
  addr: ['sin_addr', 'sin6_addr', 's_addr'],
  path: ['sun_path'],
  abstract: ['sun_path'],
};
// what libc calls the trace's name may come from
const CALLED_AS: Record<string, string[]> = {
  sendto: ['send', 'sendto'], recvfrom: ['recv', 'recvfrom'], accept4: ['accept', 'accept4'], accept: ['accept', 'accept4'],
};

/** Loads the parser once; undefined when it cannot be loaded (then failures name the call's line only). */
export async function loadFieldFinder(): Promise<FieldFinder | undefined> {
  const parser = await loadParser();
  if (!parser) return undefined;
  return (file, callLine, call, argIndex, arg) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const tree = parser.parse(text);
    if (!tree) return undefined;
    try {
      return find(tree.rootNode, path.basename(file), callLine, call, argIndex, arg);
    } finally {
      tree.delete();
    }
  };
}

/** The same search in a file already parsed (grader/c-source.ts). */
export function setterLine(file: CFile, callLine: number, call: string, argIndex: number, arg: string): RelatedLine | undefined {
  return find(file.root, file.name, callLine, call, argIndex, arg);
}

function find(root: Node, file: string, callLine: number, call: string, argIndex: number, arg: string): RelatedLine | undefined {
  const row = callLine - 1;
  const names = CALLED_AS[call] ?? [call];
  const onLine: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'call_expression' && n.startPosition.row <= row && n.endPosition.row >= row) onLine.push(n);
  });
  const named = onLine.filter((n) => names.includes(n.childForFieldName('function')?.text ?? ''));
  const callNode = named[named.length - 1] ?? onLine[onLine.length - 1];
  if (!callNode) return undefined;
  let fn: Node | null = callNode;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (!fn) return undefined;
  if (arg === '@end') {
    // a socket never closed: where the code that made it ends (the loop around the call, else the function)
    let scope: Node | null = callNode;
    while (scope && !['for_statement', 'while_statement', 'do_statement', 'function_definition'].includes(scope.type)) scope = scope.parent;
    const end = (scope ?? fn).endPosition.row + 1;
    const what = scope && scope.type !== 'function_definition' ? 'the loop around it' : `${fn.childForFieldName('declarator')?.childForFieldName('declarator')?.text ?? 'its function'}()`;
    return { file, line: end, note: `${what} ends here, and the socket is not closed before` };
  }
  const argNode = callNode.childForFieldName('arguments')?.namedChildren.filter((x): x is Node => x !== null)[argIndex];
  const before = (n: Node) => n.startPosition.row < callNode.startPosition.row;
  const statementOf = (n: Node): Node => {
    let s: Node = n;
    while (s.parent && !/statement$|^declaration$/.test(s.type)) s = s.parent;
    return s;
  };
  const field = arg.split('.').slice(1).pop();
  if (field) {
    const cNames = FIELDS[field] ?? [field];
    // the structure the call passes (`&addr`, `(struct sockaddr *)&addr`): its identifier, when it has one
    const base = argNode ? identifiersIn(argNode)[0] : undefined;
    let last: Node | undefined;
    walk(fn, (n) => {
      if (n.type !== 'field_expression' || !before(n)) return;
      const f = n.childForFieldName('field')?.text ?? '';
      if (!cNames.includes(f)) return;
      if (base && !identifiersIn(n.childForFieldName('argument') ?? n).includes(base)) return;
      if (!last || n.startPosition.row > last.startPosition.row) last = n;
    });
    if (!last) return undefined;
    const s = statementOf(last);
    return { file, line: s.startPosition.row + 1, note: `${oneLine(s.text)} sets ${field === 'abstract' ? 'path' : field}` };
  }
  // `sizeof buf`: where buf is declared, which fixes its size
  if (argNode?.type === 'sizeof_expression') {
    const v = identifiersIn(argNode)[0];
    let decl: Node | undefined;
    walk(fn, (n) => {
      if (n.type === 'declaration' && before(n) && identifiersIn(n).includes(v ?? '') && (!decl || n.startPosition.row > decl.startPosition.row)) decl = n;
    });
    return decl ? { file, line: decl.startPosition.row + 1, note: `${oneLine(decl.text)} fixes the size` } : undefined;
  }
  // a variable passed as is (`len`): its last assignment, or its declaration's value
  if (argNode?.type !== 'identifier') return undefined;
  const v = argNode.text;
  let last: Node | undefined;
  walk(fn, (n) => {
    if (!before(n)) return;
    const sets = (n.type === 'assignment_expression' && n.childForFieldName('left')?.text === v)
      || (n.type === 'init_declarator' && n.childForFieldName('declarator')?.text === v);
    if (sets && (!last || n.startPosition.row > last.startPosition.row)) last = n;
  });
  if (!last) return undefined;
  const s = statementOf(last);
  return { file, line: s.startPosition.row + 1, note: `${oneLine(s.text)} sets ${v}` };
}
