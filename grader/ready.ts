// Waiting for a started program to be ready for the grader's first action (a socket listening, a line printed,
// a delay), and the words for why it never was, made from the facts netstat.ts reads.
import { bytesText, type Comparison } from './comparison';
import { foundSocket, isReady, readiness, settled, type Readiness } from './netstat';
import type { Scope } from './peer';
import type { ReadySpec } from './spec';
import { swappedPortNote } from '../common/teaching';

export interface NotReady {
  why: string;
  compared?: Comparison;
}

type Kind = 'tcp' | 'udp' | 'unix';

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves to undefined once ready, or to the reason it never became ready. */
export async function waitReady(
  ready: ReadySpec, scope: Scope, pid: () => number, out: () => string, ended: () => boolean,
): Promise<NotReady | undefined> {
  if ('delayMs' in ready) {
    await sleep(ready.delayMs);
    return undefined;
  }
  const within = ready.withinMs ?? 3000;
  const deadline = Date.now() + within;
  const where = 'listen' in ready
    ? ready.listen === 'unix' ? scope.fill(ready.path ?? '{path}') : scope.fill(ready.port ?? '{port}')
    : '';
  const started = Date.now();
  let lastLook = started;
  const compared = (kind: Kind) => ({ expected: wanted(kind, where), actual: foundSocket(pid(), kind, where) });
  while (Date.now() < deadline && !ended()) {
    if ('listen' in ready ? isReady(ready.listen, where) : new RegExp(ready.stdout).test(out())) return undefined;
    await sleep(15);
    // A program that has settled on the wrong port will not move: say so without waiting it out.
    if ('listen' in ready && Date.now() - started > 600 && Date.now() - lastLook > 200) {
      lastLook = Date.now();
      const found = readiness(pid(), ready.listen, where);
      if (found && settled(found) && !isReady(ready.listen, where)) {
        return { why: `Expected the program to ${listenWhat(ready.listen, where)}; it did not. ${readinessText(found)}`, compared: compared(ready.listen) };
      }
    }
  }
  if ('stdout' in ready) {
    return {
      why: `Expected the program to print something matching /${ready.stdout}/ within ${within} ms; it did not.`,
      compared: { expected: `(output matching /${ready.stdout}/)`, actual: bytesText(out()) },
    };
  }
  const what = `${listenWhat(ready.listen, where)} within ${within} ms`;
  const found = ended() ? undefined : readiness(pid(), ready.listen, where);
  const hint = found ? ` ${readinessText(found)}` : '';
  return {
    why: `Expected the program to ${what}; it did not.${hint}`,
    compared: ended() ? { expected: wanted(ready.listen, where), actual: 'the program had ended' } : compared(ready.listen),
  };
}

/** What is wrong with the program's sockets, for the student. */
export function readinessText(r: Readiness): string {
  switch (r.kind) {
    case 'noSocket': return 'The program has no socket open.';
    case 'noUnixPath': return 'The program has no Unix socket bound to a path.';
    case 'nulPadded':
      return `Its socket's abstract name is ${r.name} followed by ${r.nuls} NUL bytes: the address length given to ` +
        'bind() covers all of sun_path; give offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name) instead.';
    case 'notListening':
      return r.unix ? 'Its Unix socket is bound to the right path but is not listening (no listen()?).'
        : 'Its socket is bound to that port but is not listening (no listen()?).';
    case 'otherPath': return `Its Unix socket is bound to ${r.path}, not ${r.wanted}.`;
    case 'noPort': return `The program has a socket, but none bound to a ${r.proto.toUpperCase()} port (no bind()?).`;
    case 'otherPort': {
      const swapped = r.swapped ? ` — ${swappedPortNote(r.wanted)}` : '.';
      return `The program's socket is bound to port ${r.port} instead${swapped}`;
    }
  }
}

/** The socket the grader waits for, as `foundSocket` says what the program has. */
function wanted(kind: Kind, where: string): string {
  return kind === 'tcp' ? `listening on TCP port ${where}` : kind === 'udp' ? `bound to UDP port ${where}` : `listening on the Unix socket ${where}`;
}

function listenWhat(kind: Kind, where: string): string {
  return kind === 'tcp' ? `listen on TCP port ${where}` : kind === 'udp' ? `bind UDP port ${where}` : `listen on the Unix socket ${where}`;
}
