// Entry point of the panel inside VS Code: connects to the host and starts the panel.
import { Panel } from './app';
import { vscodeChannel } from './vscode-api';

new Panel(vscodeChannel(), document.getElementById('app') ?? document.body);
