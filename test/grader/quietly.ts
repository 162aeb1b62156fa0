// Runs a command function with stdout and stderr captured, for tests of the CLI's commands.
export async function quietly(f: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const writes = { out: '', err: '' };
  const [o, e] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  process.stdout.write = ((s: string) => ((writes.out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((writes.err += s), true)) as typeof process.stderr.write;
  try {
    return { code: await f(), ...writes };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}
