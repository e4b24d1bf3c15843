import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const INFRA = resolve(__dirname, '../../../infra');

/**
 * Fault tests stop and start the real servers, so they run only against the servers
 * scripts/test.sh started for this run (it sets TEST_INFRA_CONTROL=1), never against
 * servers named by KAFKA_BROKERS or MONGODB_URI that belong to someone else.
 */
export function controlsInfrastructure(): boolean {
  return process.env.TEST_INFRA_CONTROL === '1';
}

function infra(script: 'kafka.sh' | 'ferretdb.sh', action: 'start' | 'stop'): void {
  execFileSync('bash', [resolve(INFRA, script), action], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
}

export const stopKafka = () => infra('kafka.sh', 'stop');
export const startKafka = () => infra('kafka.sh', 'start');
export const stopFerretDb = () => infra('ferretdb.sh', 'stop');
export const startFerretDb = () => infra('ferretdb.sh', 'start');
