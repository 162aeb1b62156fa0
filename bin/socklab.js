#!/usr/bin/env node
// The socklab command: the bundled CLI (npm install builds dist/cli.js).
require('../dist/cli.js');
