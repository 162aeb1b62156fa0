// The program's own terminal: a Pseudoterminal that shows its standard output and error and sends what the
// user types to its standard input. Lines are edited locally (as a cooked tty would) and sent on Enter;
// Ctrl-D closes the input, Ctrl-C stops the run.
import type { Readable, Writable } from 'node:stream';
import * as vscode from 'vscode';
import { toTerminal } from './terminal-text';

export interface ProgramIo {
  stdin: Writable | null;
  stdout: Readable | null;
  stderr: Readable | null;
}


export class ProgramTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private line = '';
  private opened = false;
  private early: string[] = [];
  private io: ProgramIo | undefined;
  private inputClosed = false;

  constructor(private readonly onInterrupt: () => void) {}

  /** Connects a started program: its output is shown, the user's input goes to it. */
  attach(io: ProgramIo): void {
    this.io = io;
    this.inputClosed = false;
    const show = (d: Buffer) => this.write(toTerminal(d.toString('utf8')));
    io.stdout?.on('data', show);
    io.stderr?.on('data', (d: Buffer) => this.write(`\x1b[31m${toTerminal(d.toString('utf8'))}\x1b[0m`));
  }

  open(): void {
    this.opened = true;
    for (const s of this.early) this.writeEmitter.fire(s);
    this.early = [];
  }

  close(): void {
    this.opened = false;
  }

  /** A note from Socket Lab itself, dimmed so it is not taken for the program's output. */
  note(text: string): void {
    this.write(`\x1b[2m${toTerminal(text)}\x1b[0m\r\n`);
  }

  write(s: string): void {
    if (this.opened) this.writeEmitter.fire(s);
    else this.early.push(s);
  }

  handleInput(data: string): void {
    // arrow keys and other escape sequences have no meaning in this simple line editor
    for (const ch of data.replace(/\x1b(\[[0-9;?]*[A-Za-z~]|O[A-Za-z])/g, '')) {
      if (ch === '\x03') {
        this.write('^C\r\n');
        this.onInterrupt();
      } else if (ch === '\x04') {
        if (this.line) this.send(this.line);
        this.line = '';
        this.endInput();
      } else if (ch === '\r' || ch === '\n') {
        this.write('\r\n');
        this.send(this.line + '\n');
        this.line = '';
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          this.write('\b \b');
        }
      } else if (ch >= ' ') {
        this.line += ch;
        this.write(ch);
      }
    }
  }

  private send(text: string): void {
    const stdin = this.io?.stdin;
    if (!stdin || this.inputClosed || stdin.destroyed) return;
    stdin.write(text);
  }

  endInput(): void {
    if (this.inputClosed) return;
    this.inputClosed = true;
    this.io?.stdin?.end();
  }

  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
