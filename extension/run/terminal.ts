// The program's own terminal: a Pseudoterminal in front of the pty the program runs on (runner/trace.ts
// `terminal`). Input bytes go straight to the pty's master, so the kernel's line discipline does what a
// terminal does (echo, line editing, Ctrl-C -> SIGINT, Ctrl-D -> EOF, Ctrl-Z -> stop); output is shown as
// the program wrote it (stdout and stderr are the same terminal, so stderr is not shown apart). VS Code
// gives no backpressure here, so output is paced and bounded: past PENDING_MAX waiting characters it is
// dropped and counted, and the count is shown.
import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import type { ProgramTty } from '../../runner/trace';
import { toTerminal } from './messages';

const PENDING_MAX = 1 << 20;
const PER_TICK = 32 << 10;
const TICK_MS = 16;

export class ProgramTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private opened = false;
  private pending: string[] = [];
  private pendingSize = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private tty: ProgramTty | undefined;
  /** the terminal's size, once VS Code has told it */
  size: { cols: number; rows: number } | undefined;

  /** Connects a started program's terminal: its output is shown, the user's keys go to it. */
  attach(tty: ProgramTty): void {
    this.tty = tty;
    const decoder = new StringDecoder('utf8');  // a character split between reads stays whole
    tty.stream.on('data', (d: Buffer) => this.output(decoder.write(d), d.length));
    if (this.size) tty.resize(this.size.cols, this.size.rows);
  }

  open(dims: vscode.TerminalDimensions | undefined): void {
    this.opened = true;
    if (dims) this.setDimensions(dims);
    this.schedule();
  }

  close(): void {
    this.opened = false;
  }

  setDimensions(d: vscode.TerminalDimensions): void {
    this.size = { cols: d.columns, rows: d.rows };
    this.tty?.resize(d.columns, d.rows);
  }

  /** A note from Socket Lab itself, dimmed so it is not taken for the program's output; never dropped. */
  note(text: string): void {
    this.noteDropped();
    this.queue(`\x1b[2m${toTerminal(text)}\x1b[0m\r\n`);
  }

  handleInput(data: string): void {
    const s = this.tty?.stream;
    if (s && !s.destroyed && s.writable) s.write(data);
  }

  private output(text: string, bytes: number): void {
    if (this.pendingSize + text.length > PENDING_MAX) {
      this.dropped += bytes;
      return;
    }
    this.noteDropped();
    this.queue(text);
  }

  private noteDropped(): void {
    if (this.dropped === 0) return;
    const mb = (this.dropped / 1e6).toFixed(1);
    this.dropped = 0;
    this.queue(`\r\n\x1b[2m[Socket Lab: ${mb} MB of output not shown]\x1b[0m\r\n`);
  }

  private queue(s: string): void {
    if (!s) return;
    this.pending.push(s);
    this.pendingSize += s.length;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || !this.opened || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, TICK_MS);
  }

  /** Hands VS Code at most PER_TICK characters each tick, so the renderer is never flooded. */
  private drain(): void {
    let budget = PER_TICK;
    while (this.opened && budget > 0 && this.pending.length > 0) {
      let s = this.pending[0];
      if (s.length > budget) {
        this.pending[0] = s.slice(budget);
        s = s.slice(0, budget);
      } else {
        this.pending.shift();
      }
      this.pendingSize -= s.length;
      budget -= s.length;
      this.writeEmitter.fire(s);
    }
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
