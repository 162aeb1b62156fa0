// The manifest and the code agree: command ids and titles, settings and their defaults.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_TITLES, COMMANDS, NEEDS_SESSION, NEEDS_TRUST } from '../../extension/command-ids';
import { WALKTHROUGH_ID } from '../../extension/labs/lab-progress';
import { DEFAULT_SETTINGS } from '../../extension/settings';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('contributes exactly the commands of the command table, with their titles', () => {
    const contributed = (pkg.contributes.commands as { command: string; title: string; category?: string }[])
      .map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title] as const)
      .sort();
    const table = (Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]).map((k) => [COMMANDS[k], COMMAND_TITLES[k]] as const).sort();
    assert.deepEqual(contributed, table);
  });

  it('has the titles users search for', () => {
    assert.deepEqual(Object.values(COMMAND_TITLES).sort(), [
      'Socket Lab: Check This Machine', 'Socket Lab: Export Trace...', 'Socket Lab: Grade Lab', 'Socket Lab: Open Lab...', 'Socket Lab: Run and Trace',
      'Socket Lab: Show Trace Panel', 'Socket Lab: Stop',
    ]);
    assert.ok(NEEDS_SESSION.has('stop'));
  });

  it('runs beside the code and activates for C and C++ files and lab folders', () => {
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.ok(pkg.activationEvents.includes('onLanguage:c'));
    assert.ok(pkg.activationEvents.includes('onLanguage:cpp'));
    const run = (pkg.contributes.menus['editor/title'] as { command: string; when: string }[]).find((m) => m.command === 'socketLab.runAndTrace');
    assert.match(run!.when, /resourceLangId == c\b/);
    assert.match(run!.when, /resourceLangId == cpp\b/);
    const key = (pkg.contributes.keybindings as { command: string; when: string }[]).find((k) => k.command === 'socketLab.runAndTrace');
    assert.match(key!.when, /editorLangId == cpp\b/);
    assert.ok(pkg.activationEvents.some((e: string) => e.startsWith('workspaceContains:') && e.endsWith('lab.json')));
  });

  it('declares every setting with the default the code uses', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
    const keys = Object.keys(DEFAULT_SETTINGS).map((k) => `socketLab.${k}`).sort();
    assert.deepEqual(Object.keys(props).sort(), keys);
    for (const [k, v] of Object.entries(DEFAULT_SETTINGS)) assert.deepEqual(props[`socketLab.${k}`].default, v, k);
  });

  it('asks for a VS Code that code-server 4.139 meets', () => {
    const floor = /(\d+)\.(\d+)/.exec(pkg.engines.vscode as string);
    assert.ok(floor && Number(floor[1]) === 1 && Number(floor[2]) <= 139);
  });

  it('says what works in Restricted Mode and that virtual workspaces cannot run programs', () => {
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    // a workspace's compiler setting is a command Socket Lab runs
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('socketLab.compiler'));
    for (const key of pkg.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(pkg.contributes.configuration.properties[key], key);
    assert.strictEqual(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.deepStrictEqual([...NEEDS_TRUST].sort(), ['gradeLab', 'runAndTrace']);
  });

  it('opens its own walkthrough on first start, by the id VS Code gives it', () => {
    assert.equal(WALKTHROUGH_ID, `${pkg.publisher}.${pkg.name}#${pkg.contributes.walkthroughs[0].id}`);
    assert.equal(pkg.contributes.configuration.properties['socketLab.welcome'].default, true);
  });
});
