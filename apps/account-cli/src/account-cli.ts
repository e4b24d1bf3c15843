import { loadConfig } from '@app/config';
import { fold, RecordedEvent } from '@app/domain';
import { connectMongo, EventStore } from '@app/event-store';

const USAGE = `Usage: account-cli <command> [arguments]

Commands:
  history <customerId>                 every event of the customer, oldest first, one JSON line each
  state <customerId> [--version <n>]   the account folded from its events (at version n, if given)

Reads MONGODB_URI and MONGODB_DATABASE like the service does.`;

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one CLI command; returns the process exit code. */
export async function runCli(args: string[], output: CliOutput): Promise<number> {
  const [command, customerId, ...rest] = args;
  if (!command || command === '--help' || command === 'help') {
    output.out(USAGE);
    return command ? 0 : 2;
  }
  if (!['history', 'state'].includes(command) || !customerId) {
    output.err(USAGE);
    return 2;
  }
  const config = loadConfig();
  const client = await connectMongo(config.mongodbUri);
  try {
    const events = await new EventStore(client.db(config.mongodbDatabase)).readStream(customerId.toLowerCase());
    if (events.length === 0) {
      output.err(`No events for customer ${customerId}`);
      return 1;
    }
    if (command === 'history') {
      for (const event of events) output.out(JSON.stringify(event));
      return 0;
    }
    const version = parseVersion(rest);
    if (version === null) {
      output.err('--version takes a whole number from 1');
      return 2;
    }
    const upTo = (event: RecordedEvent) => version === undefined || event.version <= version;
    output.out(JSON.stringify(fold(events.filter(upTo)), null, 2));
    return 0;
  } finally {
    await client.close();
  }
}

function parseVersion(rest: string[]): number | undefined | null {
  const at = rest.indexOf('--version');
  if (at === -1) return undefined;
  const version = Number(rest[at + 1]);
  return Number.isInteger(version) && version >= 1 ? version : null;
}
