#!/usr/bin/env node
// Entry point for `npx newsfeed`: runs the compiled CLI (built by `npm install` through `prepare`).
import { runCli } from '../dist/src/cli/run-cli.js';

await runCli(process.argv.slice(2));
