// The extension's commands: ids and the titles people search for. Pure, so a unit test can compare this
// table with `contributes.commands` in package.json without loading VS Code.

export const COMMANDS = {
  openLab: 'socketLab.openLab',
  runAndTrace: 'socketLab.runAndTrace',
  stop: 'socketLab.stop',
  gradeLab: 'socketLab.gradeLab',
  showTracePanel: 'socketLab.showTracePanel',
  exportTrace: 'socketLab.exportTrace',
  doctor: 'socketLab.doctor',
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandName];

export const COMMAND_TITLES: Record<CommandName, string> = {
  openLab: 'Socket Lab: Open Lab...',
  runAndTrace: 'Socket Lab: Run and Trace',
  stop: 'Socket Lab: Stop',
  gradeLab: 'Socket Lab: Grade Lab',
  showTracePanel: 'Socket Lab: Show Trace Panel',
  exportTrace: 'Socket Lab: Export Trace...',
  doctor: 'Socket Lab: Check This Machine',
};

/** Commands that act on the current trace session (the others work without one). */
export const NEEDS_SESSION: ReadonlySet<CommandName> = new Set<CommandName>(['stop']);

/** Commands that compile and run the workspace's code (with a compiler the workspace's settings may name): only
 * in a trusted workspace. package.json declares the rest as working in Restricted Mode. */
export const NEEDS_TRUST: ReadonlySet<CommandName> = new Set<CommandName>(['runAndTrace', 'gradeLab']);
