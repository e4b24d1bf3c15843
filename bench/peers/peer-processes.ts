import { eventually } from '@app/testing';
import { MongoClient } from 'mongodb';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { AppProcess } from '../../test/support';
import { CommandTarget } from '../command-target';

/** The peers, each the bench's update over one event-sourcing library a user of this service might pick instead (servers/). */
const PEERS = [
  { name: 'Emmett (emmett-mongodb 0.42.4)', script: 'bench/peers/servers/dist/peers/servers/emmett-peer.main.js' },
  { name: '@ocoda/event-sourcing 1.0.0-beta.21', script: 'bench/peers/servers/dist/peers/servers/ocoda-peer.main.js' },
];

/**
 * Starts each peer in a process of its own, on a database of its own on the same server. A
 * peer that is not built (scripts/bench.sh builds them) or does not start is left out and
 * named, with why, rather than failing the run.
 */
export async function startPeers(
  mongodbUri: string,
  log: (line: string) => void,
): Promise<{ targets: CommandTarget[]; notRun: Record<string, string>; stop(): Promise<void> }> {
  const targets: CommandTarget[] = [];
  const notRun: Record<string, string> = {};
  const running: Array<{ process: AppProcess; database: string }> = [];
  for (const peer of PEERS) {
    if (!existsSync(peer.script)) {
      notRun[peer.name] = `${peer.script} is not built`;
      continue;
    }
    const database = `bench_peer_${randomUUID().slice(0, 8)}`;
    const peerProcess = new AppProcess({ script: peer.script });
    peerProcess.start({ ...process.env, PEER_MONGODB_URI: `${mongodbUri.replace(/\/?$/, '/')}${database}` });
    running.push({ process: peerProcess, database });
    try {
      const baseUrl = await eventually(
        async () => {
          if (peerProcess.exitCode !== undefined)
            throw new Error(`it exited: ${peerProcess.output.trim().split('\n').slice(-3).join(' ')}`);
          if (!peerProcess.url) throw new Error('it has not said where it listens');
          return peerProcess.url;
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      targets.push({ name: peer.name, baseUrl, reportsLag: false });
    } catch (error) {
      notRun[peer.name] = (error as Error).message;
      log(`peer ${peer.name} not run: ${notRun[peer.name]}`);
    }
  }
  return {
    targets,
    notRun,
    async stop() {
      await Promise.all(running.map(({ process: each }) => each.kill('SIGTERM')));
      const client = await MongoClient.connect(mongodbUri);
      for (const { database } of running)
        await client
          .db(database)
          .dropDatabase()
          .catch(() => undefined);
      await client.close();
    },
  };
}
