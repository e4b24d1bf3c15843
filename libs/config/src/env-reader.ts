import { readFileSync } from 'node:fs';

export type Env = Record<string, string | undefined>;

/**
 * Reads settings from the environment and collects every problem instead of stopping at
 * the first, so that one start names everything to fix. Secret values are never echoed.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  text(name: string, fallback: string, pattern?: RegExp, what?: string): string {
    const value = this.env[name] ?? fallback;
    if (pattern && !pattern.test(value)) this.problems.push(`${name}=${JSON.stringify(value)} must be ${what}`);
    return value;
  }

  optional(name: string, pattern?: RegExp, what?: string): string | undefined {
    const value = this.env[name];
    if (value === undefined || value === '') return undefined;
    return this.text(name, value, pattern, what);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  flag(name: string): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '' || raw === 'false') return false;
    if (raw !== 'true') this.problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
    return raw === 'true';
  }

  /** A secret from NAME, or from the file NAME_FILE names (Docker and Kubernetes secrets). */
  secret(name: string): string | undefined {
    const inline = this.env[name];
    const file = this.env[`${name}_FILE`];
    if (inline && file) {
      this.problems.push(`${name} and ${name}_FILE are both set: set one`);
      return undefined;
    }
    if (inline) return inline;
    if (!file) return undefined;
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (error) {
      this.problems.push(
        `${name}_FILE=${JSON.stringify(file)} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
      return undefined;
    }
  }

  isSet(name: string): boolean {
    return Boolean(this.env[name] || this.env[`${name}_FILE`]);
  }

  /** A readable file's path (a CA bundle, a client certificate). */
  file(name: string): string | undefined {
    const path = this.optional(name);
    if (path === undefined) return undefined;
    try {
      readFileSync(path);
    } catch (error) {
      this.problems.push(
        `${name}=${JSON.stringify(path)} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    return path;
  }

  problem(message: string): void {
    this.problems.push(message);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
