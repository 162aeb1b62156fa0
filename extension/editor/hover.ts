// Hovers on socket functions, constants and errno names in C files, from the tables in hover-docs.
import * as vscode from 'vscode';
import { hoverMarkdown, hoverWordAt } from './hover-docs';

export class SocketHovers implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const text = doc.getText();
    const w = hoverWordAt(text, doc.offsetAt(pos));
    const md = w && hoverMarkdown(w);
    if (!w || !md) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(md), new vscode.Range(doc.positionAt(w.start), doc.positionAt(w.end)));
  }
}
