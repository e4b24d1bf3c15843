import { parseArgs } from 'node:util';

export type ParsedOptions = { ok: true; positional: string[]; values: Record<string, string | undefined> } | { ok: false; error: string };

/**
 * `a --name value b` to positional [a, b] and {name: value}, by node:util's parseArgs: only
 * the named options are known, each takes a value (`--name value` or `--name=value`).
 */
export function parseOptions(args: string[], known: string[]): ParsedOptions {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: Object.fromEntries(known.map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: true,
    });
    return { ok: true, positional: positionals, values: values as Record<string, string | undefined> };
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? 'an option';
    const knownList = known.length ? ` (known: ${known.map((name) => `--${name}`).join(', ')})` : '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { ok: false, error: `Unknown option ${option}${knownList}` };
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { ok: false, error: `${option} needs a value` };
    return { ok: false, error: `${message.split('\n')[0]}${knownList}` };
  }
}
