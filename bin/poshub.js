#!/usr/bin/env node
'use strict';
// Entry of the `poshub` command. Runs the build when there is one; in a dev checkout without dist/
// it compiles the TypeScript sources on the fly, so `node bin/poshub.js` always works.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
let cli;
if (existsSync(built)) {
  cli = require(built);
} else {
  // Pin the project's tsconfig (decorator metadata for Nest) even when run from another folder.
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(__dirname, '..', 'tsconfig.json');
  require('@swc-node/register');
  cli = require(join(__dirname, '..', 'src', 'cli', 'main.ts'));
}

cli.runCli(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
