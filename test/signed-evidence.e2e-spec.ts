import { AuditTrail, LoggedResult } from '@app/audit';
import { chainEvents, CommandLog, EventCommit, GENESIS_HASH, StoredChainEvent } from '@app/event-store';
import { ReadModelRepository } from '@app/read-model';
import { actor, eventStoreFor, eventually, httpClient, identityHeaders, newCustomerId, noDigests, registerBody } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../apps/account-cli/src/account-cli';
import { RunningSystem, startSystem } from './support';

/** Each test's partner is its own, so that one test's forgery is not the next one's finding. */
const partnerOfTheTest = () => randomUUID();
const auditorOf = (partnerId: string) =>
  identityHeaders(actor({ partnerId, userPrincipalName: 'auditor@partner.example', applicationId: 'audit-desk', roles: ['Auditor'] }));

/**
 * What the attacker did with write access to the database: edit one stored event,
 * then recompute SHA-256 from there on as the chain's description says, so that the chain
 * alone is clean again.
 */
async function forgeAndRechain(
  system: RunningSystem,
  customerId: string,
  version: number,
  edit: (event: StoredChainEvent) => StoredChainEvent,
) {
  const commits = system.db.collection<EventCommit>('event_commits');
  const stream = await commits.find({ customerId }).sort({ firstVersion: 1 }).toArray();
  const contents = stream
    .flatMap((commit) => commit.events)
    .map(({ hash: _hash, previousHash: _previous, ...content }) => content as StoredChainEvent);
  contents[version - 1] = edit(contents[version - 1]);
  const rechained = chainEvents(contents, GENESIS_HASH);
  for (const commit of stream)
    await commits.updateOne({ _id: commit._id }, { $set: { events: rechained.slice(commit.firstVersion - 1, commit.lastVersion) } });
}

describe('Evidence an auditor can take outside the database', () => {
  let system: RunningSystem;
  const request = () => httpClient(system.baseUrl);
  let partnerId: string;
  const asAuditor = (method: string, path: string) => request()(method, path, { anonymous: true, headers: auditorOf(partnerId) });
  const asAdmin = () => ({ anonymous: true, headers: identityHeaders(actor({ partnerId })) });
  const folder = mkdtempSync(join(tmpdir(), 'signed-evidence-'));
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line), status: () => undefined });
    return { code, out, err };
  };

  beforeAll(async () => {
    // Digests on demand only, so that the test knows exactly which exist.
    process.env.INTEGRITY_DIGEST_INTERVAL_MS = '3600000';
    system = await startSystem();
  });
  afterAll(async () => {
    delete process.env.INTEGRITY_DIGEST_INTERVAL_MS;
    await system?.stop();
  });

  /** A customer of the test's own partner registered as Contoso, renamed Fabrikam, both changes signed and on the digests topic. */
  async function signedCustomer(): Promise<string> {
    partnerId = partnerOfTheTest();
    const customerId = newCustomerId();
    expect((await request()('POST', '/customers', { ...asAdmin(), body: registerBody(customerId) })).status).toBe(201);
    // A digest after each change: each version is signed on its own, and a forgery is named to the version.
    expect((await asAuditor('POST', '/audit/digests')).status).toBe(201);
    const renamed = await request()('PATCH', `/customers/${customerId}/company-profile`, {
      headers: { ...asAdmin().headers, 'If-Match': '"1"' },
      anonymous: true,
      body: { companyName: 'Fabrikam' },
    });
    expect(renamed.status).toBe(200);
    const issued = await asAuditor('POST', '/audit/digests');
    expect(issued.status).toBe(201);
    expect(issued.body.digests.flatMap((digest: any) => digest.heads)).toContainEqual({ customerId, version: 2, hash: expect.any(String) });
    await eventually(async () => {
      const report = (await asAuditor('GET', '/audit/verification')).body;
      expect(report).toMatchObject({ ok: true, chainBreaks: [] });
      expect(report.anchoring.unanchoredEvents).toBe(0);
    });
    const history = (await asAuditor('GET', `/audit/customers/${customerId}/history`)).body;
    expect(history.integrity).toEqual({ status: 'intact', signedThroughVersion: 2, unsignedEvents: 0 });
    return customerId;
  }

  // First: the CLI verifies every partner's streams, and the tests after this one leave forgeries behind.
  it("verifies offline with the public key and the auditor's own copy of the digests", async () => {
    const customerId = await signedCustomer();
    const publicKey = await request()('GET', '/audit/public-key', { anonymous: true });
    expect(publicKey.body).toMatchObject({ algorithm: 'Ed25519', publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(publicKey.body.publicKeyPem).not.toContain('PRIVATE');
    const keyFile = join(folder, 'public-key.pem');
    writeFileSync(keyFile, publicKey.body.publicKeyPem);
    const digestsFile = join(folder, 'digests.jsonl');
    const copy = await asAuditor('GET', '/audit/digests');
    writeFileSync(digestsFile, typeof copy.body === 'string' ? copy.body : `${JSON.stringify(copy.body)}\n`);
    expect(await cli('verify', '--public-key', keyFile, '--digests', digestsFile)).toMatchObject({ code: 0 });

    await forgeAndRechain(system, customerId, 1, (event) => JSON.parse(JSON.stringify(event).replace('"Contoso"', '"Northwind"')));
    const forged = await cli('verify', '--public-key', keyFile, '--digests', digestsFile);
    expect(forged.code).toBe(1);
    expect(forged.err.join('\n')).toMatch(new RegExp(`customer ${customerId} version 1: forged`));
  });

  it('names the customer and version of an edit whose chain was recomputed, from the digests on the topic even when the database lost its own', async () => {
    const customerId = await signedCustomer();
    await forgeAndRechain(system, customerId, 2, (event) => JSON.parse(JSON.stringify(event).replace('"Fabrikam"', '"Northwind"')));
    const trail = new AuditTrail(eventStoreFor(system.db), new CommandLog<LoggedResult>(system.db), new ReadModelRepository(system.db));
    // Without the signatures the forgery passes: the chain is whole again.
    expect((await trail.verify(noDigests())).chainBreaks).toEqual([]);
    expect((await trail.history((await trail.customer(customerId))!)).at(-1)?.changes).toContainEqual(
      expect.objectContaining({ newValue: 'Northwind' }),
    );

    // Where the records are read, they are marked: the history and the state say the stream is broken, and where.
    const history = (await asAuditor('GET', `/audit/customers/${customerId}/history`)).body;
    expect(history.integrity).toMatchObject({ status: 'broken', break: { version: 2, problem: 'forged' } });
    const state = (await asAuditor('GET', `/audit/customers/${customerId}/state`)).body;
    expect(state).toMatchObject({ account: { companyProfile: { companyName: 'Northwind' } }, integrity: { status: 'broken' } });

    const report = (await asAuditor('GET', '/audit/verification')).body;
    expect(report.ok).toBe(false);
    expect(report.chainBreaks).toEqual([expect.objectContaining({ customerId, version: 2, throughVersion: 2, problem: 'forged' })]);

    // The editor deletes the digests too; the topic still holds what was signed.
    await system.db.collection('integrity_digests').deleteMany({});
    const afterDeletion = (await asAuditor('GET', '/audit/verification')).body;
    expect(afterDeletion.chainBreaks).toEqual([expect.objectContaining({ customerId, version: 2, problem: 'forged' })]);
    expect(afterDeletion.anchoring.copyDifferences).toContainEqual(expect.stringMatching(/is not in the database/));
  });

  it('signs every export: verify-export passes the file as served and names the one line altered', async () => {
    await signedCustomer();
    const [from, to] = [new Date(Date.now() - 3600_000).toISOString(), new Date(Date.now() + 3600_000).toISOString()];
    const exported = await asAuditor('GET', `/audit/history?from=${from}&to=${to}&format=jsonl`);
    expect(exported.status).toBe(200);
    const manifestPath = exported.headers.get('x-export-manifest')!;
    expect(manifestPath).toMatch(/^\/audit\/exports\/[0-9a-f-]{36}\/manifest$/);
    const manifest = await asAuditor('GET', manifestPath);
    expect(manifest.body).toMatchObject({ entries: exported.body.trim().split('\n').length, filters: { partnerId } });
    expect(manifest.body.digests).toEqual([expect.objectContaining({ partnerId })]);
    // Another partner's auditor cannot fetch it.
    const stranger = identityHeaders(actor({ roles: ['Auditor'], partnerId: '00000000-0000-4000-8000-0000000000aa' }));
    expect((await request()('GET', manifestPath, { anonymous: true, headers: stranger })).status).toBe(404);

    const file = join(folder, 'export.jsonl');
    writeFileSync(file, exported.body);
    writeFileSync(`${file}.manifest.json`, JSON.stringify(manifest.body));
    const keyFile = join(folder, 'export-key.pem');
    writeFileSync(keyFile, (await request()('GET', '/audit/public-key', { anonymous: true })).body.publicKeyPem);
    expect(await cli('verify-export', file, '--public-key', keyFile)).toMatchObject({ code: 0 });

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1].replace(/"occurredAt":"[^"]+"/, '"occurredAt":"2020-01-01T00:00:00.000Z"');
    writeFileSync(file, lines.join('\n'));
    const altered = await cli('verify-export', file, '--public-key', keyFile);
    expect(altered.code).toBe(1);
    expect(JSON.parse(altered.out.join('\n'))).toMatchObject({ ok: false, firstDifferentLine: 2 });
  });

  it("signs the CLI's export file too", async () => {
    await signedCustomer();
    const file = join(folder, 'cli-export.csv');
    expect(
      await cli('export', '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z', '--format', 'csv', '--out', file),
    ).toMatchObject({
      code: 0,
    });
    const keyFile = join(folder, 'cli-key.pem');
    writeFileSync(keyFile, (await request()('GET', '/audit/public-key', { anonymous: true })).body.publicKeyPem);
    expect(await cli('verify-export', file, '--public-key', keyFile)).toMatchObject({ code: 0 });
    writeFileSync(file, readFileSync(file, 'utf8').replace('Fabrikam', 'Fabrikan'));
    const altered = await cli('verify-export', file, '--public-key', keyFile);
    expect(altered).toMatchObject({ code: 1 });
    expect(JSON.parse(altered.out.join('\n')).firstDifferentLine).toBeGreaterThan(1);
  });

  it('names the version edited from the events topic, the second witness, even in a stream no digest signed yet', async () => {
    partnerId = partnerOfTheTest();
    const customerId = newCustomerId();
    expect((await request()('POST', '/customers', { ...asAdmin(), body: registerBody(customerId) })).status).toBe(201);
    const renamed = await request()('PATCH', `/customers/${customerId}/company-profile`, {
      headers: { ...asAdmin().headers, 'If-Match': '"1"' },
      anonymous: true,
      body: { companyName: 'Fabrikam' },
    });
    expect(renamed.status).toBe(200);
    await eventually(async () => expect(await system.db.collection('event_commits').countDocuments({ publication: 'pending' })).toBe(0));
    await forgeAndRechain(system, customerId, 1, (event) => ({ ...event, correlationId: 'rewritten' }));
    const trail = new AuditTrail(eventStoreFor(system.db), new CommandLog<LoggedResult>(system.db), new ReadModelRepository(system.db));
    expect((await trail.verify(noDigests())).chainBreaks.filter((broken) => broken.customerId === customerId)).toEqual([]);

    const compared = await cli('compare-events-topic');
    expect(compared.code).toBe(1);
    expect(JSON.parse(compared.out.join('\n')).differences).toContainEqual({
      customerId,
      version: 1,
      problem: 'altered',
      detail: 'version 1 in the store is not the event published',
    });
    expect(compared.err.join('\n')).toContain(`customer ${customerId} version 1: version 1 in the store is not the event published`);
  });
});

describe('Digests at an interval, from two instances', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    process.env.INTEGRITY_DIGEST_INTERVAL_MS = '300';
    system = await startSystem({ commandSideInstances: 2 });
  });
  afterAll(async () => {
    delete process.env.INTEGRITY_DIGEST_INTERVAL_MS;
    await system?.stop();
  });

  it('signs every change without being asked, in one unbroken chain per partner, while both instances also sign on demand', async () => {
    const partnerId = randomUUID();
    const admin = { anonymous: true, headers: identityHeaders(actor({ partnerId })) };
    const auditor = { anonymous: true, headers: auditorOf(partnerId) };
    const urls = await Promise.all(system.services.map((app) => app.getUrl()));
    const customers: string[] = [];
    for (let round = 0; round < 6; round++) {
      const customerId = newCustomerId();
      customers.push(customerId);
      expect((await httpClient(urls[round % 2])('POST', '/customers', { ...admin, body: registerBody(customerId) })).status).toBe(201);
      // Both instances asked at once: one of them takes each number, the other signs after it.
      const onDemand = await Promise.all(urls.map((url) => httpClient(url)('POST', '/audit/digests', auditor)));
      expect(onDemand.map((answer) => answer.status)).toEqual([201, 201]);
    }
    // The last ones nobody asks for: the interval's digest signs them.
    for (const url of urls) {
      const customerId = newCustomerId();
      customers.push(customerId);
      expect((await httpClient(url)('POST', '/customers', { ...admin, body: registerBody(customerId) })).status).toBe(201);
    }
    await eventually(async () => {
      const report = (await httpClient(urls[0])('GET', '/audit/verification', auditor)).body;
      expect(report).toMatchObject({ ok: true, customers: customers.length, anchoring: { digestProblems: [], unanchoredEvents: 0 } });
    });
    const digests = (await httpClient(urls[1])('GET', '/audit/digests', auditor)).body;
    const lines = (
      typeof digests === 'string'
        ? digests
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line))
        : [digests]
    ) as any[];
    expect(lines.map((digest) => digest.sequence)).toEqual(lines.map((_, index) => index + 1));
    expect(new Set(lines.flatMap((digest) => digest.heads.map((head: any) => head.customerId)))).toEqual(new Set(customers));
  });
});
