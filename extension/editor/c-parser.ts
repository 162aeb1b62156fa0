// Finds socket calls with a real C parser: tree-sitter's C grammar, run as WebAssembly (web-tree-sitter), so
// that comments, strings, macro bodies, declarations and member calls are told apart by the syntax tree.
// No vscode. The parser itself is loaded by runner/c-parser.ts.
import type { Node } from 'web-tree-sitter';
import { lexSocketCalls, SOCKET_API, type SourceCall } from './source-calls';
import { loadCParser } from '../../runner/c-parser';

export type CallFinder = (text: string) => SourceCall[];

/**
 * Loads the parser once. `wasmDir` is the folder holding tree-sitter.wasm and tree-sitter-c.wasm (the
 * extension's dist/); without it, the npm packages' copies are used.
 */
export async function loadCallFinder(wasmDir?: string): Promise<CallFinder> {
  const parser = await loadCParser(wasmDir);
  return (text) => {
    const tree = parser.parse(text);
    if (!tree) return [];
    try {
      const calls = socketCalls(tree.rootNode);
      return tree.rootNode.hasError ? withCallsInErrors(text, tree.rootNode, calls) : calls;
    } finally {
      tree.delete();
    }
  };
}

/** Calls whose callee is a plain identifier in SOCKET_API, in source order. */
function socketCalls(root: Node): SourceCall[] {
  const out: SourceCall[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'identifier' && SOCKET_API.has(fn.text)) {
        // tree-sitter counts columns in UTF-16 units for a JS string, as VS Code does
        out.push({ name: fn.text, line: fn.startPosition.row, column: fn.startPosition.column });
      }
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const child = n.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return out;
}

/**
 * Code being typed does not parse: tree-sitter wraps what it cannot place in ERROR nodes, where a half-written
 * `bind(s,` is no call_expression. There the lexer's calls are kept, so lenses do not flicker while typing.
 */
function withCallsInErrors(text: string, root: Node, calls: SourceCall[]): SourceCall[] {
  const errors: { from: number; to: number }[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isError) errors.push({ from: n.startPosition.row * 1e6 + n.startPosition.column, to: n.endPosition.row * 1e6 + n.endPosition.column });
    else if (n.hasError) for (const c of n.children) if (c) stack.push(c);
  }
  const key = (c: SourceCall) => c.line * 1e6 + c.column;
  const have = new Set(calls.map(key));
  const extra = lexSocketCalls(text).filter((c) => !have.has(key(c)) && errors.some((e) => key(c) >= e.from && key(c) < e.to));
  return extra.length === 0 ? calls : [...calls, ...extra].sort((a, b) => key(a) - key(b));
}
