import { runCli } from './account-cli';

runCli(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) })
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
