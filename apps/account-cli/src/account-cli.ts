import { AuditTrail, csvHeader, filterHistory, LoggedResult, toCsvRows, toJsonLines, VerificationReport, toCsv } from '@app/audit';
import { loadConfig, requireSigningKey, ServiceConfig } from '@app/config';
import { CommandLog, EventStore } from '@app/event-store';
import {
  compareWithEventsTopic,
  DigestStore,
  DigestWitness,
  ExportSealer,
  IntegrityEvidence,
  integrityEvidence,
  PublicKey,
  SigningKey,
  TrustedKeys,
  verifyExport,
} from '@app/integrity';
import { createKafka, readWholeTopic, topicsFor } from '@app/messaging';
import { connectMongo } from '@app/mongo';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { ReadModelRebuild, ReadModelRepository, RebuildProgress, rebuildRate } from '@app/read-model';
import { vaultFor } from '@app/personal-data';
import { parseOptions } from './cli-options';
import { progressBar } from './progress-bar';
import { deadLettersCommand } from './dead-letters-command';
import { mintTokenCommand } from './token-command';

/** Each command's usage: `account-cli <command> --help` prints its own, `account-cli --help` all. */
const COMMAND_USAGE: Record<string, string> = {
  history: `  history <customerId> [--from <iso>] [--to <iso>] [--field <path>] [--actor <upn or app id>]
          [--outcome accepted|rejected] [--reason <text>] [--format jsonl|csv]
                        every change and rejected command of the customer, oldest first`,
  state: `  state <customerId> [--version <n>] [--at <iso>]
                        the account folded from its events, as it was then (default: now)`,
  export: `  export --from <iso> --to <iso> [--format jsonl|csv] [--out <file>]
                        every customer's changes and rejections in a time range; with --out,
                        the file and <file>.manifest.json, signed with INTEGRITY_SIGNING_KEY`,
  'verify-export': `  verify-export <file> --public-key <pem> [--manifest <file>]
                        check an export against its signed manifest (default <file>.manifest.json)
                        with the public key alone, offline; names the first line that differs`,
  verify: `  verify [--public-key <pem>] [--digests <file> | --digests-from topic|database]
                        check every stream's hash chain, the streams against the signed digests
                        (default: the digests topic) and the read model against the events;
                        exit code 1 when anything differs`,
  'compare-events-topic': `  compare-events-topic
                        the store against the events topic, which keeps every event as published:
                        names each stream's first event edited, deleted, or never published;
                        exit code 1 when anything differs`,
  'dead-letters': `  dead-letters list | show <id>... | redrive [<id>...]
                        the commands' and events' dead letters; redrive sends each on once, in order:
                        a command the service failed on again to the commands topic, an event by
                        projecting its customer from the store; what became of each is kept`,
  digests: `  digests [--out <file>]
                        every signed digest on the digests topic, as JSON lines: an auditor's copy`,
  replay: `  replay                rebuild the read model from the events into a fresh collection,
                        then switch over; resumes an interrupted replay; one at a time in the cluster`,
  token: `  token --partner <guid> --roles <Role,...> [--user <upn>] [--app <id>] [--ttl <seconds>]
                        print a bearer token signed with AUTH_JWT_SECRET, for local use`,
};

const ENVIRONMENT = `Reads MONGODB_URI, MONGODB_DATABASE, KAFKA_BROKERS, TOPIC_PREFIX, PERSONAL_DATA_MASTER_KEY,
INTEGRITY_SIGNING_KEY and AUTH_JWT_SECRET (or their _FILE forms) like the service does;
\`npm run cli\` sets those of a local \`npm start\`. verify-export needs none of them.`;

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
  if (command === 'verify-export') return usageErrorsAsExitCode(output, () => verifyExportCommand(rest, output));
  const run = COMMANDS[command];
  if (!run) {
    output.err(USAGE);
    return 2;
  }
  const config = loadConfig();
  const client = await connectMongo(config.mongodbUri, config.mongodbTls);
  try {
    const store = new EventStore(client.db(config.mongodbDatabase), vaultFor(client, config));
    return await usageErrorsAsExitCode(output, () => run({ store, config }, rest, output));
  } finally {
    await client.close();
  }
}

async function usageErrorsAsExitCode(output: CliOutput, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(error.message);
    return 2;
  }
}

interface CliContext {
  store: EventStore;
  config: ServiceConfig;
}

type Command = (context: CliContext, args: string[], output: CliOutput) => Promise<number>;

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
  async history({ store }, args, output) {
    const { positional, values } = options(args, ['from', 'to', 'field', 'actor', 'outcome', 'reason', 'format']);
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
      reason: values.reason,
      outcome: values.outcome as 'accepted' | 'rejected' | undefined,
    };
    const selected = filterHistory(entries, filter);
    printText(output, format(values.format) === 'csv' ? toCsv(selected) : toJsonLines(selected));
    return 0;
  },

  async state({ store }, args, output) {
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

  async export({ store, config }, args, output) {
    const { values } = options(args, ['from', 'to', 'format', 'out']);
    const from = timestamp('from', values.from);
    const to = timestamp('to', values.to);
    if (!from || !to) throw new UsageError('export needs --from and --to');
    const fileFormat = format(values.format);
    const key = values.out === undefined ? undefined : SigningKey.fromPem(requireSigningKey(config));
    const sealer = new ExportSealer(fileFormat, { from, to }, {});
    const file = values.out === undefined ? undefined : openSync(values.out, 'w');
    // To a file, each piece as written is what the manifest hashes; to the terminal, lines as usual.
    const write = (text: string, entries: Parameters<ExportSealer['write']>[1] = []) => {
      if (file === undefined) return printText(output, text);
      writeSync(file, text);
      sealer.write(text, entries);
    };
    try {
      // The operator's export covers every partner, written a page at a time as the store is read.
      if (fileFormat === 'csv') write(csvHeader());
      for await (const page of auditTrail(store).historyPages(new Date(from), new Date(to)))
        write(fileFormat === 'csv' ? toCsvRows(page) : toJsonLines(page), page);
    } finally {
      if (file !== undefined) closeSync(file);
    }
    if (values.out !== undefined && key) {
      const latest = await new DigestStore(store.db).latestOf([...sealer.partnerIds]);
      const manifestFile = `${values.out}.manifest.json`;
      const manifest = sealer.seal([...latest.values()], key);
      writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      output.err(`${manifest.entries} entries in ${values.out}; signed manifest (key ${key.keyId}) in ${manifestFile}`);
    }
    return 0;
  },

  async verify({ store, config }, args, output) {
    const { values } = options(args, ['public-key', 'digests', 'digests-from']);
    const evidence = await evidenceFor({ store, config }, values);
    const report = await auditTrail(store).verify(evidence, {}, (customers) =>
      (output.status ?? output.err)(`verified ${customers} customers`),
    );
    output.out(JSON.stringify(report, null, 2));
    output.err(summary(report));
    return report.ok ? 0 : 1;
  },

  async 'compare-events-topic'({ store, config }, args, output) {
    options(args, []);
    const kafka = createKafka(config.kafkaBrokers, config.kafkaClientId, config.kafkaSecurity);
    const report = await compareWithEventsTopic(kafka, topicsFor(config.topicPrefix).events, store, (messages) =>
      (output.status ?? output.err)(`read ${messages} messages`),
    );
    output.out(JSON.stringify(report, null, 2));
    output.err(
      report.ok
        ? `OK: ${report.compared} stored events equal to their published copies, every stored event published`
        : [
            `FAILED: ${report.differences.length} streams differ from the events topic`,
            ...report.differences.map(
              (difference) => `  customer ${difference.customerId} version ${difference.version}: ${difference.detail}`,
            ),
          ].join('\n'),
    );
    return report.ok ? 0 : 1;
  },

  async 'dead-letters'({ store, config }, args, output) {
    return deadLettersCommand(store, config, args, output);
  },

  async digests({ config }, args, output) {
    const { values } = options(args, ['out']);
    const kafka = createKafka(config.kafkaBrokers, config.kafkaClientId, config.kafkaSecurity);
    const lines = (await readWholeTopic(kafka, topicsFor(config.topicPrefix).digests)).map((digest) => JSON.stringify(digest));
    const text = lines.map((line) => `${line}\n`).join('');
    if (values.out === undefined) printText(output, text);
    else writeFileSync(values.out, text);
    output.err(`${lines.length} digests`);
    return 0;
  },

  async replay({ store }, args, output) {
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

/** The public keys given, or the configured signing key's own half. */
function trustedKeys(config: ServiceConfig, publicKeyFile: string | undefined): TrustedKeys {
  if (publicKeyFile !== undefined) return new TrustedKeys([PublicKey.fromPem(readText(publicKeyFile, '--public-key'))]);
  if (!config.integritySigningKeyPem) throw new UsageError('Give --public-key <pem> (or configure INTEGRITY_SIGNING_KEY)');
  return new TrustedKeys([SigningKey.fromPem(config.integritySigningKeyPem).verifier]);
}

async function evidenceFor({ store, config }: CliContext, values: Record<string, string | undefined>): Promise<IntegrityEvidence> {
  const keys = trustedKeys(config, values['public-key']);
  const digests = new DigestStore(store.db);
  if (values.digests !== undefined && values['digests-from'] !== undefined)
    throw new UsageError('Give --digests or --digests-from, not both');
  if (values.digests !== undefined) {
    const lines = readText(values.digests, '--digests')
      .split('\n')
      .filter((line) => line.trim() !== '');
    return integrityEvidence(lines.map(parseLine), keys, `file ${values.digests}`, { databaseCopy: await digests.all() });
  }
  const from = values['digests-from'] ?? 'topic';
  if (from === 'database') return integrityEvidence(await digests.all(), keys, 'the database (its own copy: not proof against its editor)');
  if (from !== 'topic') throw new UsageError('--digests-from takes topic or database');
  const kafka = createKafka(config.kafkaBrokers, config.kafkaClientId, config.kafkaSecurity);
  return new DigestWitness(kafka, topicsFor(config.topicPrefix).digests, digests, keys).evidence();
}

async function verifyExportCommand(args: string[], output: CliOutput): Promise<number> {
  const { positional, values } = options(args, ['public-key', 'manifest']);
  if (positional.length !== 1) throw new UsageError('Name exactly one exported file');
  if (values['public-key'] === undefined) throw new UsageError('verify-export needs --public-key <pem>');
  const [file] = positional;
  const manifestFile = values.manifest ?? `${file}.manifest.json`;
  const keys = new TrustedKeys([PublicKey.fromPem(readText(values['public-key'], '--public-key'))]);
  const manifest = parseLine(readText(manifestFile, '--manifest'));
  let contents: Buffer;
  try {
    contents = readFileSync(file);
  } catch (error) {
    throw new UsageError(`${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const result = verifyExport(contents, manifest as Parameters<typeof verifyExport>[1], keys);
  output.out(JSON.stringify(result, null, 2));
  output.err(result.ok ? `OK: ${file} is the export the manifest signed` : `FAILED: ${result.problems.join('; ')}`);
  return result.ok ? 0 : 1;
}

function readText(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

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
  const { anchoring } = report;
  const anchored = `${anchoring.digests} signed digests from ${anchoring.source}, ${anchoring.unanchoredEvents} events newer than the last digest`;
  if (report.ok)
    return `OK: ${report.customers} customers, ${report.events} events, every chain intact and matching ${anchored}; the read model equal to the events`;
  const breaks = report.chainBreaks.map(
    (broken) => `  customer ${broken.customerId} version ${broken.version}: ${broken.problem} (${broken.detail})`,
  );
  const differences = report.readModelDifferences.map(
    (difference) => `  customer ${difference.customerId}: read model differs at ${difference.field}`,
  );
  const digestProblems = anchoring.digestProblems.map(
    (problem) => `  digest ${problem.sequence} of partner ${problem.partnerId}: ${problem.detail}`,
  );
  return [
    `FAILED: ${report.chainBreaks.length} broken chains, ${report.readModelDifferences.length} read-model differences, ` +
      `${anchoring.digestProblems.length} digest problems, ${anchoring.copyDifferences.length} digests the database lost (${anchored})`,
    ...breaks,
    ...differences,
    ...digestProblems,
    ...anchoring.copyDifferences.map((difference) => `  ${difference}`),
  ].join('\n');
}
