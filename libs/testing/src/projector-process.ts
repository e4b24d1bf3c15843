import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../../dist/apps/projector/src/main.js');

/**
 * The projector as a real process of its own (built by `npm run build`, which
 * scripts/test.sh runs first), so that a test can kill it with SIGKILL mid-batch.
 */
export class ProjectorProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  output = '';

  start(): void {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
    this.output = '';
    const child = spawn(process.execPath, [MAIN], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}
