import { mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const files = new Map<string, number>();

/**
 * Writes one JSON log line: to stdout, where a process manager or a container runtime picks
 * it up, or appended to LOG_FILE when that is set (the test suites set it, so that the apps'
 * lines stay out of the test output and are shown for a test file that fails). The file is
 * written synchronously: a line is there once this returns, for whoever reads it next.
 */
export function writeLogLine(line: Record<string, unknown>): void {
  const text = `${JSON.stringify(line)}\n`;
  const path = process.env.LOG_FILE;
  if (!path) {
    process.stdout.write(text);
    return;
  }
  let file = files.get(path);
  if (file === undefined) {
    mkdirSync(dirname(path), { recursive: true });
    file = openSync(path, 'a');
    files.set(path, file);
  }
  writeSync(file, text);
}
