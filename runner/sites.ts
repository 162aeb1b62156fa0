// Call sites: the tracer asks about an address in a program (ELF address, "pc"); addr2line turns it into
// file, line and function (demangled: C++ and Rust names as written) from the program's DWARF line table.
// One addr2line run per batch of new addresses; results are cached per executable.
//
// Only the program's own code is a site. An address in library code linked into the program (Rust's std,
// crates from the registry, a header's inline function, a static libc without line info) is answered with
// null, and the tracer then asks about the next return address up the stack, so the call is shown at the
// user's line that led to it.
import { execFile } from 'child_process';
import type { CallSite } from '../common/events';

export class SiteResolver {
  private cache = new Map<string, Map<number, CallSite | null>>();
  private missing = false;

  /** Resolve the given pcs of one executable; unknown ones become null. */
  async resolve(exe: string, pcs: number[]): Promise<void> {
    let known = this.cache.get(exe);
    if (!known) this.cache.set(exe, (known = new Map()));
    const todo = [...new Set(pcs)].filter((pc) => !known!.has(pc));
    if (todo.length === 0 || this.missing) {
      for (const pc of todo) known.set(pc, null);
      return;
    }
    const out = await run(exe, todo).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') this.missing = true;
      return '';
    });
    parse(out, todo, known);
  }

  /** Resolve (executable, pc) pairs, one addr2line run per executable. */
  async resolveAll(pairs: { exe: string; pc: number }[]): Promise<void> {
    const byExe = new Map<string, number[]>();
    for (const { exe, pc } of pairs) (byExe.get(exe) ?? byExe.set(exe, []).get(exe)!).push(pc);
    for (const [exe, pcs] of byExe) await this.resolve(exe, pcs);
  }

  get(exe: string, pc: number): CallSite | undefined {
    return this.cache.get(exe)?.get(pc) ?? undefined;
  }
}

function run(exe: string, pcs: number[]): Promise<string> {
  const args = ['-f', '-i', '-C', '-a', '-e', exe, ...pcs.map((p) => '0x' + p.toString(16))];
  return new Promise((resolve, reject) => {
    execFile('addr2line', args, { maxBuffer: 64 << 20, timeout: 30_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/** Source files that are not the program's own: toolchain and library sources, system headers. */
export function isLibrarySource(file: string): boolean {
  return file.startsWith('/rustc/') || file.startsWith('/usr/include/') || file.startsWith('/usr/lib/') ||
    /\/\.cargo\/registry\/|\/\.rustup\/toolchains\//.test(file);
}

// Output per address: "0x..." then pairs of lines (function, file:line), innermost inline first. The site is
// the innermost frame in the program's own code.
function parse(out: string, pcs: number[], known: Map<number, CallSite | null>): void {
  const lines = out.split('\n');
  let i = 0;
  for (const pc of pcs) {
    while (i < lines.length && !lines[i].startsWith('0x')) i++;
    i++;
    let site: CallSite | null = null;
    for (; i + 1 < lines.length && !lines[i].startsWith('0x'); i += 2) {
      const fn = lines[i];
      const loc = lines[i + 1].replace(/ \(discriminator \d+\)$/, '');
      const colon = loc.lastIndexOf(':');
      const file = loc.slice(0, colon);
      const line = Number(loc.slice(colon + 1));
      if (!site && file && file !== '??' && line > 0 && !isLibrarySource(file)) site = { file, line, function: fn === '??' ? '' : fn };
    }
    known.set(pc, site);
  }
}
