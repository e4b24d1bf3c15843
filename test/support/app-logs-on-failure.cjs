// A Jest reporter: for a test file that failed, prints the last lines the apps logged while it
// ran (see test/setup-integration.ts), which stay out of the output otherwise.
const { existsSync, readFileSync } = require('node:fs');
const { basename, resolve } = require('node:path');

const LINES = 150;

class AppLogsOnFailure {
  onTestResult(_test, result) {
    if (result.numFailingTests === 0 && !result.testExecError) return;
    const file = resolve(__dirname, '../../.local/test-logs', `${basename(result.testFilePath)}.log`);
    if (!existsSync(file)) return;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    process.stderr.write(
      `\n--- the apps' last ${Math.min(LINES, lines.length)} log lines during ${basename(result.testFilePath)} (all in ${file}) ---\n`,
    );
    process.stderr.write(`${lines.slice(-LINES).join('\n')}\n--- end of the apps' log ---\n`);
  }
}

module.exports = AppLogsOnFailure;
