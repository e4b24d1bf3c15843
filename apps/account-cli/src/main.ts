import { runCli } from './account-cli';

// A terminal gets a progress line rewritten in place; a pipe gets one line per update.
const status = process.stderr.isTTY ? (line: string) => process.stderr.write(`\r${line}\x1b[K`) : (line: string) => console.error(line);

runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(process.stderr.isTTY ? `\n${line}` : line),
  status,
})
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
