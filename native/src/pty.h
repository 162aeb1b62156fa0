// The program's pseudo-terminal (pty.cc). Each returns 0 or an errno.
#pragma once

// A new pty of that size; both fds are close-on-exec.
int open_pty(int cols, int rows, int *master, int *slave);
// TIOCSWINSZ on the master: the kernel sends SIGWINCH to the terminal's foreground process group.
int resize_pty(int master, int cols, int rows);
// In the program's child before exec: a session of its own whose controlling terminal is its stdin.
int take_terminal();
