export type ParsedOptions = { ok: true; positional: string[]; values: Record<string, string | undefined> } | { ok: false; error: string };

/** `a --name value b` to positional [a, b] and {name: value}; only the named options are known. */
export function parseOptions(args: string[], known: string[]): ParsedOptions {
  const positional: string[] = [];
  const values: Record<string, string | undefined> = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (!known.includes(name))
      return { ok: false, error: `Unknown option ${arg}${known.length ? ` (known: ${known.map((k) => `--${k}`).join(', ')})` : ''}` };
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `${arg} needs a value` };
    values[name] = value;
    index += 1;
  }
  return { ok: true, positional, values };
}
