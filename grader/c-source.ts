// A submission's C files, each parsed once with tree-sitter's C grammar, for the grader's questions about
// the student's code: the call on a traced line, the function around it, where that function is called.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser as TSParser, Tree } from 'web-tree-sitter';
import { loadCParser } from '../runner/c-parser';
import { calleeName, functionName, functionOf, nodes, type Node } from './c-syntax';

export interface CFile {
  /** the file as the submission names it: relative to its folder */
  name: string;
  root: Node;
}

let parsing: Promise<TSParser | undefined> | undefined;

/** The parser, loaded once; undefined when it cannot be loaded (then failures name the traced lines only). */
export function loadParser(): Promise<TSParser | undefined> {
  // the .wasm files beside the bundle (dist/), else the npm packages'
  parsing ??= loadCParser(__dirname).catch(() => undefined);
  return parsing;
}

/** A call site's file as the submission names it: relative to its folder when inside it. */
export function sourceName(file: string, dir: string): string {
  const rel = path.relative(dir, path.resolve(dir, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

export class CSource {
  private constructor(readonly dir: string, readonly files: CFile[], private readonly trees: Tree[]) {}

  /** The C files (.c and .h) among `names` in `dir`, parsed; undefined without a parser. */
  static async load(dir: string, names: string[]): Promise<CSource | undefined> {
    const parser = await loadParser();
    if (!parser) return undefined;
    const files: CFile[] = [];
    const trees: Tree[] = [];
    for (const name of names.filter((n) => /\.[ch]$/.test(n))) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(dir, name), 'utf8');
      } catch {
        continue;
      }
      const tree = parser.parse(text);
      if (!tree) continue;
      trees.push(tree);
      files.push({ name, root: tree.rootNode });
    }
    return new CSource(dir, files, trees);
  }

  /** The trees live in WebAssembly memory: free them once grading is done. */
  dispose(): void {
    for (const t of this.trees) t.delete();
    this.trees.length = 0;
  }

  /** The parsed file a trace's call site names. */
  file(siteFile: string): CFile | undefined {
    const name = sourceName(siteFile, this.dir);
    return this.files.find((f) => f.name === name) ?? this.files.find((f) => path.basename(f.name) === path.basename(name));
  }

  /**
   * The call on that line (1-based) of one of `names` (the innermost such), else the innermost call on it.
   * A call written over several lines counts on each.
   */
  callOn(file: CFile, line: number, names: string[] = []): Node | undefined {
    const row = line - 1;
    const on = nodes(file.root, 'call_expression').filter((n) => n.startPosition.row <= row && n.endPosition.row >= row);
    const named = on.filter((n) => names.includes(calleeName(n)));
    // the innermost: the one starting last (a call inside another's arguments starts after it)
    const pick = (list: Node[]) => list.sort((a, b) => a.startIndex - b.startIndex)[list.length - 1];
    return pick(named) ?? pick(on);
  }

  /** Every call of the function named `name`, in every file, with the function each call is in. */
  callersOf(name: string): { file: CFile; call: Node; fn?: Node }[] {
    const out: { file: CFile; call: Node; fn?: Node }[] = [];
    for (const file of this.files) {
      for (const call of nodes(file.root, 'call_expression')) {
        if (calleeName(call) === name) out.push({ file, call, fn: functionOf(call) });
      }
    }
    return out;
  }

  /** The definition of the function named `name`. */
  definition(name: string): { file: CFile; fn: Node } | undefined {
    for (const file of this.files) {
      const fn = nodes(file.root, 'function_definition').find((f) => functionName(f) === name);
      if (fn) return { file, fn };
    }
    return undefined;
  }

  /** All calls in the submission, with their file. */
  calls(): { file: CFile; call: Node }[] {
    return this.files.flatMap((file) => nodes(file.root, 'call_expression').map((call) => ({ file, call })));
  }
}

