import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The repository's root, from the sources (tests) or from their build under dist/ (the bench). */
const ROOT = (function rootAbove(directory: string): string {
  return existsSync(resolve(directory, 'package.json')) || dirname(directory) === directory ? directory : rootAbove(dirname(directory));
})(__dirname);

const MAINS = {
  'account-service': resolve(ROOT, 'dist/apps/account-service/src/main.js'),
  projector: resolve(ROOT, 'dist/apps/projector/src/main.js'),
};

/**
 * One of the apps as a real process of its own (built by `npm run build`, which
 * scripts/test.sh runs first), so that a test can kill it with SIGKILL mid-batch or start
 * two of them at the same moment, as `npm start` does.
 */
export class AppProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  output = '';

  /** One of the apps, or any other built script by its path under the root (the bench's raw parts). */
  constructor(private readonly app: keyof typeof MAINS | { script: string }) {}

  /** `nodeArgs`: options for node itself, before the script (a CPU profile, say). */
  start(env: NodeJS.ProcessEnv = process.env, nodeArgs: string[] = []): void {
    const main = typeof this.app === 'string' ? MAINS[this.app] : resolve(ROOT, this.app.script);
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    this.output = '';
    // The app logs to its stdout, where this reads where it listens; the lines go on to the
    // test file's log, as an app in the test's own process writes them.
    const { LOG_FILE: logFile, ...appEnv } = env;
    const child = spawn(process.execPath, [...nodeArgs, main], { env: appEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer) => {
      this.output += chunk;
      if (logFile) appendFileSync(logFile, chunk);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
  }

  /** Where it serves HTTP, once it has said so (it logs the bound address at info level). */
  get url(): string | undefined {
    return /(?:HTTP on|health and metrics on) (http:\/\/[\d.:]+)/.exec(this.output)?.[1];
  }

  /** The exit code once it has exited, undefined while it runs. */
  get exitCode(): number | null | undefined {
    return this.child?.exitCode ?? (this.child?.signalCode ? null : undefined);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}
