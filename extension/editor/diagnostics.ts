// Problems from the compiler (squiggles at gcc's columns) and from the run (a failed call at its line,
// with what the errno means here).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Advice } from './advice';
import type { CompilerProblem } from '../run/compiler-output';
import { crashText } from '../run/messages';
import type { RunResults } from '../run/run-results';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  note: vscode.DiagnosticSeverity.Information,
  info: vscode.DiagnosticSeverity.Information,
} as const;

/** Compiler problems by absolute file; problems with no file or line go to `elsewhere`. */
export function compilerDiagnostics(problems: CompilerProblem[], cwd: string, fallbackFile: string): Map<string, vscode.Diagnostic[]> {
  const out = new Map<string, vscode.Diagnostic[]>();
  for (const p of problems) {
    const file = p.file && p.line ? path.resolve(cwd, p.file) : fallbackFile;
    const line = Math.max(0, (p.line ?? 1) - 1);
    const col = Math.max(0, (p.column ?? 1) - 1);
    const endLine = Math.max(line, (p.endLine ?? p.line ?? 1) - 1);
    const endCol = p.endColumn !== undefined ? Math.max(0, p.endColumn - 1) : p.column !== undefined ? col + 1 : 1000;
    const d = new vscode.Diagnostic(new vscode.Range(line, col, endLine, endLine === line ? Math.max(endCol, col + 1) : endCol), p.message, SEVERITY[p.severity]);
    d.source = 'gcc';
    if (p.option) d.code = p.option;
    d.relatedInformation = p.related
      .filter((r) => r.file && r.line)
      .map((r) => new vscode.DiagnosticRelatedInformation(
        new vscode.Location(vscode.Uri.file(path.resolve(cwd, r.file as string)), new vscode.Position((r.line as number) - 1, Math.max(0, (r.column ?? 1) - 1))),
        r.message));
    (out.get(file) ?? out.set(file, []).get(file)!).push(d);
  }
  return out;
}

/** The port each byte-order problem (code `htons`) meant, for its Quick Fix: the message is only for reading. */
const meantPorts = new WeakMap<vscode.Diagnostic, number>();

/** The port a run problem says was meant (VS Code hands the Quick Fix the diagnostic objects it was given). */
export function meantPortOf(d: vscode.Diagnostic): number | undefined {
  return meantPorts.get(d);
}

function adviceDiagnostic(a: Advice, range: vscode.Range): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, a.message, SEVERITY[a.level]);
  d.source = 'Socket Lab';
  d.code = a.code;
  if (a.meantPort !== undefined) meantPorts.set(d, a.meantPort);
  return d;
}

/** Run diagnostics for each compiled file, from its text on disk (the lines the run saw). */
export function runDiagnostics(results: RunResults, files: string[]): Map<string, vscode.Diagnostic[]> {
  const out = new Map<string, vscode.Diagnostic[]>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch { continue; }
    const list: vscode.Diagnostic[] = [];
    const crash = results.crash;
    if (crash?.site && path.resolve(crash.site.file) === path.resolve(file)) {
      const line = crash.site.line - 1;
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 1000), crashText(crash), vscode.DiagnosticSeverity.Error);
      d.source = 'Socket Lab';
      d.code = crash.signal;
      list.push(d);
    }
    for (const r of results.forDocument(file, text)) {
      const range = new vscode.Range(r.call.line, r.call.column, r.call.line, r.call.column + r.call.name.length);
      for (const a of r.advice) list.push(adviceDiagnostic(a, range));
    }
    out.set(file, list);
  }
  return out;
}
