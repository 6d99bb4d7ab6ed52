import { describe, expect, it } from 'vitest';
import { readArgs, type OptionSpec } from '../../../src/cli/read-args.js';

const OPTIONS: OptionSpec[] = [
  { name: '--role', value: 'ROLE', help: '' },
  { name: '--url', value: 'URL', help: '' },
  { name: '--json', help: '' },
];

describe('readArgs', () => {
  it.each<[string[], object]>([
    [[], { values: {}, flags: [], operands: [], help: false }],
    [['--role', 'api'], { values: { '--role': 'api' }, flags: [], operands: [], help: false }],
    [['--role=api,fetcher'], { values: { '--role': 'api,fetcher' }, flags: [], operands: [], help: false }],
    [['--url=https://a.example/?x=1'], { values: { '--url': 'https://a.example/?x=1' }, flags: [], operands: [], help: false }],
    [['a.xml', '--json', '-', 'b.xml'], { values: {}, flags: ['--json'], operands: ['a.xml', '-', 'b.xml'], help: false }],
    [['--role', 'api', '--role', 'fetcher'], { values: { '--role': 'fetcher' }, flags: [], operands: [], help: false }],
    [['--', '--role', '-x'], { values: {}, flags: [], operands: ['--role', '-x'], help: false }],
    [['--url', '-'], { values: { '--url': '-' }, flags: [], operands: [], help: false }],
    [['-h'], { values: {}, flags: [], operands: [], help: true }],
    [['x', '--help'], { values: {}, flags: [], operands: ['x'], help: true }],
  ])('reads %j', (args, expected) => {
    const read = readArgs(args, OPTIONS);
    expect(typeof read).toBe('object');
    const r = read as Exclude<typeof read, string>;
    expect({ ...r, flags: [...r.flags] }).toEqual(expected);
  });

  it.each<[string[], string]>([
    [['--role'], '--role needs a value (ROLE)'],
    [['--role='], '--role needs a value (ROLE)'],
    [['--role', ''], '--role needs a value (ROLE)'],
    [['--role', '--json'], '--role needs a value (ROLE)'],
    [['--url', '--role', 'api'], '--url needs a value (URL)'],
    [['a.xml', '--url'], '--url needs a value (URL)'],
    [['--json=yes'], '--json takes no value'],
    [['--bogus'], 'unknown option --bogus'],
    [['--bogus=1'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
  ])('refuses %j: %s', (args, problem) => {
    expect(readArgs(args, OPTIONS)).toBe(problem);
  });
});
