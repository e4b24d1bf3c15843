import { AuditTrail, csvHeader, filterHistory, LoggedResult, toCsvRows, toJsonLines, VerificationReport, toCsv } from '@app/audit';
import { loadConfig } from '@app/config';
import { CommandLog, EventStore } from '@app/event-store';
import { connectMongo } from '@app/mongo';
import { ReadModelRebuild, ReadModelRepository, RebuildProgress, rebuildRate } from '@app/read-model';
import { vaultFor } from '@app/personal-data';
import { parseOptions } from './cli-options';
import { progressBar } from './progress-bar';
import { mintTokenCommand } from './token-command';

/** Each command's usage: `account-cli <command> --help` prints its own, `account-cli --help` all. */
const COMMAND_USAGE: Record<string, string> = {
  history: `  history <customerId> [--from <iso>] [--to <iso>] [--field <path>] [--actor <upn or app id>]
          [--outcome accepted|rejected] [--format jsonl|csv]
                        every change and rejected command of the customer, oldest first`,
  state: `  state <customerId> [--version <n>] [--at <iso>]
                        the account folded from its events, as it was then (default: now)`,
  export: `  export --from <iso> --to <iso> [--format jsonl|csv]
                        every customer's changes and rejections in a time range`,
  verify: `  verify                check every stream's hash chain and the read model against the
                        events; exit code 1 when anything differs`,
  replay: `  replay                rebuild the read model from the events into a fresh collection,
                        then switch over; resumes an interrupted replay; one at a time in the cluster`,
  token: `  token --partner <guid> --roles <Role,...> [--user <upn>] [--app <id>] [--ttl <seconds>]
                        print a bearer token signed with AUTH_JWT_SECRET, for local use`,
};

const ENVIRONMENT = `Reads MONGODB_URI, MONGODB_DATABASE, PERSONAL_DATA_MASTER_KEY and AUTH_JWT_SECRET (or their
_FILE forms) like the service does; \`npm run cli\` sets those of a local \`npm start\`.`;

const USAGE = `Usage: account-cli <command> [arguments]   (account-cli <command> --help for one)

Commands:
${Object.values(COMMAND_USAGE).join('\n')}

${ENVIRONMENT}`;

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Rewrites the current status line (a terminal's progress bar); defaults to err. */
  status?: (line: string) => void;
}

class UsageError extends Error {}

/** Runs one CLI command; returns the process exit code. */
export async function runCli(args: string[], output: CliOutput): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === 'help') {
    output.out(USAGE);
    return command ? 0 : 2;
  }
  if (COMMAND_USAGE[command] && (rest.includes('--help') || rest.includes('-h'))) {
    output.out(`Usage: account-cli\n${COMMAND_USAGE[command]}\n\n${ENVIRONMENT}`);
    return 0;
  }
  if (command === 'token') {
    const usageError = mintTokenCommand(rest, output.out);
    if (usageError) output.err(usageError);
    return usageError ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    output.err(USAGE);
    return 2;
  }
  const config = loadConfig();
  const client = await connectMongo(config.mongodbUri, config.mongodbTls);
  try {
    return await run(new EventStore(client.db(config.mongodbDatabase), vaultFor(client, config)), rest, output);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(error.message);
    return 2;
  } finally {
    await client.close();
  }
}

type Command = (store: EventStore, args: string[], output: CliOutput) => Promise<number>;

function auditTrail(store: EventStore): AuditTrail {
  return new AuditTrail(store, new CommandLog<LoggedResult>(store.db), new ReadModelRepository(store.db));
}

function options(args: string[], allowed: string[]) {
  const parsed = parseOptions(args, allowed);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed;
}

function format(value: string | undefined): 'jsonl' | 'csv' {
  if (value === undefined || value === 'jsonl' || value === 'csv') return value ?? 'jsonl';
  throw new UsageError('--format takes jsonl or csv');
}

function timestamp(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw new UsageError(`--${name} takes an ISO-8601 timestamp`);
  return value;
}

const COMMANDS: Record<string, Command> = {
  async history(store, args, output) {
    const { positional, values } = options(args, ['from', 'to', 'field', 'actor', 'outcome', 'format']);
    const trail = auditTrail(store);
    const record = await trail.customer(requireCustomerId(positional).toLowerCase());
    if (!record) return noEvents(positional[0], output);
    if (values.outcome !== undefined && values.outcome !== 'accepted' && values.outcome !== 'rejected')
      throw new UsageError('--outcome takes accepted or rejected');
    const entries = await trail.history(record);
    const filter = {
      from: timestamp('from', values.from),
      to: timestamp('to', values.to),
      field: values.field,
      actor: values.actor,
      outcome: values.outcome as 'accepted' | 'rejected' | undefined,
    };
    const selected = filterHistory(entries, filter);
    printText(output, format(values.format) === 'csv' ? toCsv(selected) : toJsonLines(selected));
    return 0;
  },

  async state(store, args, output) {
    const { positional, values } = options(args, ['version', 'at']);
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version >= 1))
      throw new UsageError('--version takes a whole number from 1');
    const trail = auditTrail(store);
    const record = await trail.customer(requireCustomerId(positional).toLowerCase());
    if (!record) return noEvents(positional[0], output);
    const { state } = trail.stateAt(record, { at: timestamp('at', values.at), version });
    output.out(JSON.stringify(state, null, 2));
    return 0;
  },

  async export(store, args, output) {
    const { values } = options(args, ['from', 'to', 'format']);
    const from = timestamp('from', values.from);
    const to = timestamp('to', values.to);
    if (!from || !to) throw new UsageError('export needs --from and --to');
    // The operator's export covers every partner, written a page at a time as the store is read.
    const csv = format(values.format) === 'csv';
    if (csv) printText(output, csvHeader());
    for await (const page of auditTrail(store).historyPages(new Date(from), new Date(to)))
      printText(output, csv ? toCsvRows(page) : toJsonLines(page));
    return 0;
  },

  async verify(store, args, output) {
    options(args, []);
    const report = await auditTrail(store).verify({}, (customers) => (output.status ?? output.err)(`verified ${customers} customers`));
    output.out(JSON.stringify(report, null, 2));
    output.err(summary(report));
    return report.ok ? 0 : 1;
  },

  async replay(store, args, output) {
    options(args, []);
    const started = Date.now();
    const show = (progress: RebuildProgress) =>
      (output.status ?? output.err)(progressBar(progress, rebuildRate(progress, Date.now() - started)));
    const report = await new ReadModelRebuild(store.db, store).run(show);
    const seconds = (Date.now() - started) / 1000;
    output.out(JSON.stringify({ ...report, seconds, eventsPerSecond: Math.round(report.events / seconds) }, null, 2));
    return 0;
  },
};

function requireCustomerId(positional: string[]): string {
  if (positional.length !== 1) throw new UsageError('Name exactly one customer id');
  return positional[0];
}

function noEvents(customerId: string, output: CliOutput): number {
  output.err(`No events for customer ${customerId}`);
  return 1;
}

function printText(output: CliOutput, text: string): void {
  for (const line of text.split(/\r?\n/).slice(0, -1)) output.out(line);
}

function summary(report: VerificationReport): string {
  if (report.ok)
    return `OK: ${report.customers} customers, ${report.events} events, every chain intact and the read model equal to the events`;
  const breaks = report.chainBreaks.map(
    (broken) => `  customer ${broken.customerId} version ${broken.version}: ${broken.problem} (${broken.detail})`,
  );
  const differences = report.readModelDifferences.map(
    (difference) => `  customer ${difference.customerId}: read model differs at ${difference.field}`,
  );
  return [
    `FAILED: ${report.chainBreaks.length} broken chains, ${report.readModelDifferences.length} read-model differences`,
    ...breaks,
    ...differences,
  ].join('\n');
}
