import { runCli } from './account-cli';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('account-cli --help', () => {
  it.each(['history', 'state', 'export', 'verify', 'replay', 'token'])(
    'given %s --help, prints that command’s usage alone, touching no database',
    async (command) => {
      const { code, out } = await run(command, '--help');
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^Usage: account-cli\\n  ${command}\\b`));
      expect(out.split('\n').filter((line) => /^ {2}[a-z]+ /.test(line))).toHaveLength(1);
    },
  );

  it('given --help alone, lists every command; given none, the same on a failing exit', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const command of ['history', 'state', 'export', 'verify', 'replay', 'token']) expect(help.out).toContain(`  ${command} `);
    expect((await run()).code).toBe(2);
  });
});
