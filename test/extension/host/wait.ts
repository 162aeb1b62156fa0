// Waiting on the editor's state from inside the host: poll a probe until it answers. The timeout only bounds
// the wait; the failure says what was last seen.
import * as vscode from 'vscode';

/** Polls `probe` every 200 ms until it returns something other than undefined. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, opts: { timeoutMs?: number; seen?: () => unknown } = {}): Promise<T> {
  const end = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) {
      throw new Error(`${what}: not within ${(opts.timeoutMs ?? 60_000) / 1000} s${opts.seen ? `; last seen: ${JSON.stringify(opts.seen(), null, 1)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface LensAt {
  /** 0-based, as VS Code counts */
  line: number;
  character: number;
  title: string;
}

/** The lenses of a document as the CodeLens providers give them, in line order. */
export async function lensesOf(uri: vscode.Uri): Promise<LensAt[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses
    .map((l) => ({ line: l.range.start.line, character: l.range.start.character, title: l.command?.title ?? '' }))
    .sort((a, b) => a.line - b.line || a.character - b.character);
}

/** Waits until the lens on `line` has a title matching `re`; returns it. */
export async function lensOn(uri: vscode.Uri, line: number, re: RegExp, timeoutMs = 60_000): Promise<LensAt> {
  let seen: LensAt[] = [];
  return until(`a lens matching ${re} on line ${line + 1}`, async () => {
    seen = await lensesOf(uri);
    return seen.find((l) => l.line === line && re.test(l.title));
  }, { timeoutMs, seen: () => seen });
}

/** The text of every hover the providers give at a position. */
export async function hoverTexts(uri: vscode.Uri, pos: vscode.Position): Promise<string[]> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

export async function show(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}
