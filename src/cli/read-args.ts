/** One option a command accepts. */
export interface OptionSpec {
  /** `--role` */
  name: string;
  /** Placeholder of the value (`PATH`); absent for a flag that takes none. */
  value?: string;
  /** Shown without brackets in the synopsis (the command checks that it was given). */
  required?: boolean;
  help: string;
}

/** What readArgs found: option values by name, flags given, operands in order. */
export interface ReadArgs {
  values: Record<string, string>;
  flags: Set<string>;
  operands: string[];
  /** `-h` or `--help` was given. */
  help: boolean;
}

/**
 * Reads a command's arguments against its option table: `--name value`, `--name=value`, flags,
 * `-h`/`--help`, `--` (everything after it is an operand) and `-` (an operand: standard input).
 * Returns the problem as a string (the command prints it with its usage and exits 2): an option
 * that needs a value and has none (end of arguments, an empty value, or another `--option` next),
 * a value given to a flag, an unknown option. A repeated option keeps its last value.
 */
export function readArgs(args: readonly string[], options: readonly OptionSpec[]): ReadArgs | string {
  const out: ReadArgs = { values: {}, flags: new Set(), operands: [], help: false };
  const byName = new Map(options.map((o) => [o.name, o]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.operands.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      out.operands.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const spec = byName.get(name);
    if (!spec) return `unknown option ${name}`;
    if (spec.value === undefined) {
      if (eq !== -1 && name !== arg) return `${name} takes no value`;
      out.flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') return `${name} needs a value (${spec.value})`;
    out.values[name] = value;
  }
  return out;
}
