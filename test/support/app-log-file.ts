import { basename, resolve } from 'node:path';

/** Where the apps log while a test file runs: .local/test-logs/<file>.log, read back by the reporter on a failure. */
export function appLogFileOf(testPath: string): string {
  return resolve(__dirname, '../../.local/test-logs', `${basename(testPath)}.log`);
}
