import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { appLogFileOf } from './support/app-log-file';

// Real servers are slower than pure functions: a generous limit per test, not a timing assertion.
jest.setTimeout(60_000);

// The apps' log lines (and kafkajs's) go to a file of this test file's own, not into the test
// output; test/support/app-logs-on-failure.cjs prints its end when the file has a failure.
process.env.LOG_FILE = appLogFileOf(expect.getState().testPath ?? 'unknown');
rmSync(process.env.LOG_FILE, { force: true });
// Made here, for apps started as processes too, which append to it without making it.
mkdirSync(dirname(process.env.LOG_FILE), { recursive: true });
