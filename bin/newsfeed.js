#!/usr/bin/env node
// Entry point for `npx newsfeed`: runs the compiled CLI (built by `npm install` through `prepare`).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { process.stderr.write(`newsfeed: ${err?.stack ?? err}\n`); process.exitCode = 1; },
);
