// `newsfeed` from the TypeScript sources, for tests that need a real process (pipes, exit codes):
// node --import tsx tests/helpers/newsfeed-cli.ts <command> ... (bin/newsfeed.js runs the same runCli, compiled).
import { runCli } from '../../src/cli/run-cli.js';

await runCli(process.argv.slice(2));
