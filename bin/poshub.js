#!/usr/bin/env node
'use strict';
// Entry of the `poshub` command. In a checkout (src/ present) it runs the TypeScript sources,
// compiled on the fly, so it never runs a stale dist/; an installed image ships only dist/ and runs
// the build. POSHUB_USE_DIST=1 forces the build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'dist', 'src', 'cli', 'main.js');
const source = join(root, 'src', 'cli', 'main.ts');
const useBuild = existsSync(built) && (!existsSync(source) || process.env.POSHUB_USE_DIST === '1');
let cli;
if (useBuild) {
  cli = require(built);
} else {
  // Pin the project's tsconfig (decorator metadata for Nest) even when run from another folder.
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(root, 'tsconfig.json');
  require('@swc-node/register');
  cli = require(source);
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
