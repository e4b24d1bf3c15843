import { Role, ROLES } from '@app/domain';
import { topicsFor } from '@app/messaging';
import {
  actor,
  billingProfile,
  companyProfile,
  httpClient,
  newCustomerId,
  operator,
  OPERATOR_TENANT_ID,
  OTHER_PARTNER_ID,
  PARTNER_ID,
  registerBody,
  tokenFor,
  TokenKind,
  TopicRecorder,
  upstreamProducer,
} from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

// Every endpoint and every Kafka command type, for every role of our partner and of another
// partner, and with no, expired and forged tokens: each cell's expected status and code,
// written out here from docs/domain.md rather than computed by the code under test.

type Partner = 'own' | 'other';
type Cell = { status: number | number[]; code?: number };

const DENIED: Cell = { status: 403, code: 900150 };
const OTHER_PARTNERS: Cell = { status: 403, code: 20002 };
const UNAUTHENTICATED: Cell = { status: 401, code: 800001 };

const ADMINS: Role[] = ['AdminAgent', 'GlobalAdmin'];
const EDITORS: Role[] = ['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin'];
const READERS: Role[] = ['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin', 'Auditor'];
const AUDITORS: Role[] = ['Auditor', 'GlobalAdmin'];

interface Endpoint {
  name: string;
  method: string;
  /** The path for one of our customers (one per endpoint, so writes never meet). */
  path: (customerId: string) => string;
  body?: (customerId: string) => unknown;
  /** Headers the request needs besides the token (a reason, for a legal hold). */
  headers?: Record<string, string>;
  allowed: Role[];
  ok: Cell;
  /** What an allowed role of another partner gets. */
  otherPartner: Cell;
  /** What the platform operator (the Operator role of the operator tenant) gets; else denied. */
  operator?: Cell;
}

const per = (customerId: string) => `/customers/${customerId}`;
const ENDPOINTS: Endpoint[] = [
  // Registering an id another partner holds: the id is taken, nothing of it is shown.
  {
    name: 'register',
    method: 'POST',
    path: () => '/customers',
    body: (id) => registerBody(id),
    allowed: ADMINS,
    ok: { status: 201 },
    otherPartner: { status: 409, code: 600041 },
  },
  {
    name: 'update details',
    method: 'PATCH',
    path: per,
    body: () => ({ companyProfile: { companyName: 'Contoso Matrix' } }),
    allowed: EDITORS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'replace billing profile',
    method: 'PUT',
    path: (id) => `${per(id)}/billing-profile`,
    body: () => billingProfile(),
    allowed: EDITORS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'patch billing profile',
    method: 'PATCH',
    path: (id) => `${per(id)}/billing-profile`,
    body: () => ({ culture: 'es-US' }),
    allowed: EDITORS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'patch company profile',
    method: 'PATCH',
    path: (id) => `${per(id)}/company-profile`,
    body: () => ({ companyName: 'Contoso Matrix' }),
    allowed: EDITORS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'grant permission',
    method: 'PUT',
    path: (id) => `${per(id)}/purchase-permissions/AzureSavingsPlan`,
    allowed: ADMINS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'revoke permission',
    method: 'DELETE',
    path: (id) => `${per(id)}/purchase-permissions/AzureSavingsPlan`,
    allowed: ADMINS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'forget personal data',
    method: 'DELETE',
    path: (id) => `${per(id)}/personal-data`,
    allowed: ADMINS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  // A hold is the partner's global admins' alone; it always comes with a reason.
  {
    name: 'place legal hold',
    method: 'PUT',
    path: (id) => `${per(id)}/legal-hold`,
    headers: { 'X-Change-Reason': 'Authorization matrix' },
    allowed: ['GlobalAdmin'],
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'release legal hold',
    method: 'DELETE',
    path: (id) => `${per(id)}/legal-hold`,
    headers: { 'X-Change-Reason': 'Authorization matrix' },
    allowed: ['GlobalAdmin'],
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  { name: 'read account', method: 'GET', path: per, allowed: READERS, ok: { status: 200 }, otherPartner: OTHER_PARTNERS },
  {
    name: 'read permissions',
    method: 'GET',
    path: (id) => `${per(id)}/purchase-permissions`,
    allowed: READERS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'customer history',
    method: 'GET',
    path: (id) => `/audit/customers/${id}/history`,
    allowed: AUDITORS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'state at a moment',
    method: 'GET',
    path: (id) => `/audit/customers/${id}/state`,
    allowed: AUDITORS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  // Partner-wide: another partner gets its own (empty) answer; checked below to hold none of ours.
  {
    name: 'history export',
    method: 'GET',
    path: () =>
      `/audit/history?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}&format=jsonl`,
    allowed: AUDITORS,
    ok: { status: 200 },
    otherPartner: { status: 200 },
  },
  {
    name: 'verification',
    method: 'GET',
    path: () => '/audit/verification',
    allowed: AUDITORS,
    ok: { status: 200 },
    otherPartner: { status: 200 },
  },
  // Another partner's auditor gets its own digests, and a digest on demand answers with its own: never a head of ours.
  {
    name: 'signed digests',
    method: 'GET',
    path: () => '/audit/digests',
    allowed: AUDITORS,
    ok: { status: 200 },
    otherPartner: { status: 200 },
  },
  {
    name: 'digest on demand',
    method: 'POST',
    path: () => '/audit/digests',
    allowed: AUDITORS,
    ok: { status: 201 },
    otherPartner: { status: 201 },
  },
  {
    name: 'partner history',
    method: 'GET',
    path: () =>
      `/audit/partner-history?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`,
    allowed: AUDITORS,
    ok: { status: 200 },
    otherPartner: { status: 200 },
  },
  {
    name: 'access log',
    method: 'GET',
    path: () => '/audit/access-log?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
    allowed: AUDITORS,
    ok: { status: 200 },
    otherPartner: { status: 200 },
  },
  {
    name: 'security log',
    method: 'GET',
    path: () => '/audit/security-log?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
    allowed: AUDITORS,
    ok: { status: 200 },
    otherPartner: { status: 200 },
  },
  // Over every partner's data: the platform operator's alone, whatever roles a partner's token carries (Operator among them).
  {
    name: 'replay status',
    method: 'GET',
    path: () => '/audit/replays/current',
    allowed: [],
    ok: DENIED,
    otherPartner: DENIED,
    operator: { status: 200 },
  },
  // A replay already running answers 409 to the next start.
  {
    name: 'start replay',
    method: 'POST',
    path: () => '/audit/replays',
    allowed: [],
    ok: DENIED,
    otherPartner: DENIED,
    operator: { status: [202, 409] },
  },
  {
    name: 'pipeline lag',
    method: 'GET',
    path: () => '/pipeline/lag',
    allowed: [],
    ok: DENIED,
    otherPartner: DENIED,
    operator: { status: 200 },
  },
];

function expected(endpoint: Pick<Endpoint, 'allowed' | 'ok' | 'otherPartner'>, role: Role, partner: Partner): Cell {
  if (!endpoint.allowed.includes(role)) return DENIED;
  return partner === 'own' ? endpoint.ok : endpoint.otherPartner;
}

const who = (role: Role, partner: Partner) =>
  actor({
    roles: [role],
    userPrincipalName: `${role.toLowerCase()}@matrix.example`,
    ...(partner === 'other' && { partnerId: OTHER_PARTNER_ID }),
  });
const matches = (cell: Cell, status: number, code: unknown) =>
  (Array.isArray(cell.status) ? cell.status.includes(status) : cell.status === status) && (cell.code === undefined || cell.code === code);

describe('authorization matrix, on the real servers', () => {
  let system: RunningSystem;
  const customers = new Map<string, string>();

  beforeAll(async () => {
    system = await startSystem();
    const request = httpClient(system.baseUrl);
    for (const { name } of [...ENDPOINTS, ...KAFKA_COMMANDS]) {
      const customerId = newCustomerId();
      expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
      customers.set(name, customerId);
    }
  });
  afterAll(() => system?.stop());

  it('answers every HTTP endpoint × role × partner × token as docs/domain.md says', async () => {
    const request = httpClient(system.baseUrl);
    const mismatches: string[] = [];
    let cells = 0;
    for (const endpoint of ENDPOINTS) {
      const ours = customers.get(endpoint.name)!;
      const send = async (token: string | undefined, cell: Cell, label: string) => {
        // A registration by our own partner needs a fresh id each time; anyone else aims at ours.
        const target = endpoint.name === 'register' && label.includes(' own ') && cell.status === 201 ? newCustomerId() : ours;
        const response = await request(endpoint.method, endpoint.path(target), {
          anonymous: true,
          headers: { ...(token && { Authorization: `Bearer ${token}` }), 'If-Match': '*', ...endpoint.headers },
          ...(endpoint.body && { body: endpoint.body(target) }),
        });
        cells += 1;
        if (!matches(cell, response.status, response.body?.code))
          mismatches.push(
            `${endpoint.method} ${endpoint.name} ${label}: expected ${JSON.stringify(cell)}, got ${response.status} ${response.body?.code ?? ''}`,
          );
        if ([200, 201].includes(endpoint.otherPartner.status as number) && label.includes(' other ') && response.status < 300) {
          if (JSON.stringify(response.body ?? '').includes(ours))
            mismatches.push(`${endpoint.name} ${label}: another partner's answer names our customer`);
        }
        if (response.status === 500) mismatches.push(`${endpoint.name} ${label}: 500`);
      };
      for (const role of ROLES) {
        for (const partner of ['own', 'other'] as const)
          await send(tokenFor(who(role, partner)), expected(endpoint, role, partner), `as ${role} of the ${partner} partner`);
      }
      await send(tokenFor(operator()), endpoint.operator ?? DENIED, 'as the platform operator');
      await send(undefined, UNAUTHENTICATED, 'without a token');
      for (const kind of ['expired', 'forged'] as TokenKind[])
        await send(tokenFor(who('GlobalAdmin', 'own'), kind), UNAUTHENTICATED, `with an ${kind} token`);
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(ENDPOINTS.length * (ROLES.length * 2 + 4));
    // No refusal for who sent a command is written into the target customer's record: it goes to the sender's partner's security log.
    const targets = [...customers.values()];
    const logged = await system.db
      .collection('command_log')
      .find({ customerId: { $in: targets } })
      .toArray();
    expect(logged.filter((entry) => entry.result.status === 403)).toEqual([]);
    const refusedOthers = await system.db
      .collection('security_log')
      .countDocuments({ partnerId: OTHER_PARTNER_ID, customerId: { $in: targets } });
    expect(refusedOthers).toBeGreaterThan(0);
    // Each refusal is its sender's: the operator's own attempts are the operator tenant's, nobody else's.
    expect(await system.db.collection('security_log').distinct('partnerId')).toEqual(
      expect.arrayContaining([OTHER_PARTNER_ID, OPERATOR_TENANT_ID]),
    );
    expect((await system.db.collection('security_log').distinct('partnerId')).sort()).toEqual(
      [PARTNER_ID, OTHER_PARTNER_ID, OPERATOR_TENANT_ID].sort(),
    );
  });

  it('answers a known command id only to who could have sent the command, and lets another partner use it for its own', async () => {
    const request = httpClient(system.baseUrl);
    const writes = ENDPOINTS.filter((endpoint) => endpoint.method !== 'GET' && !endpoint.path('x').startsWith('/audit/'));
    const mismatches: string[] = [];
    for (const endpoint of writes) {
      const send = async (token: string, customerId: string, commandId: string) => {
        const response = await request(endpoint.method, endpoint.path(customerId), {
          anonymous: true,
          headers: { Authorization: `Bearer ${token}`, 'If-Match': '*', 'MS-RequestId': commandId, ...endpoint.headers },
          ...(endpoint.body && { body: endpoint.body(customerId) }),
        });
        return {
          status: response.status,
          code: response.body?.code,
          replayed: response.headers.get('idempotent-replayed') === 'true',
          version: response.body?.version,
        };
      };
      // The first request, by the first role allowed to send it, on a customer of its own for this endpoint.
      const ours = newCustomerId();
      if (endpoint.name !== 'register') expect((await request('POST', '/customers', { body: registerBody(ours) })).status).toBe(201);
      const commandId = `replay-${endpoint.name.replace(/\W/g, '-')}-${randomUUID()}`;
      const first = await send(tokenFor(who(endpoint.allowed[0], 'own')), ours, commandId);
      if (first.status >= 300) mismatches.push(`${endpoint.name}: the first request got ${first.status}`);
      for (const role of ROLES) {
        for (const partner of ['own', 'other'] as const) {
          const again = await send(tokenFor(who(role, partner)), ours, commandId);
          const label = `${endpoint.name}: the id again as ${role} of the ${partner} partner`;
          if (!endpoint.allowed.includes(role)) {
            if (!matches(DENIED, again.status, again.code))
              mismatches.push(`${label}: expected 403 900150, got ${again.status} ${again.code}`);
          } else if (partner === 'own') {
            if (!(again.status === first.status && again.replayed && again.version === first.version))
              mismatches.push(`${label}: expected the first result replayed, got ${JSON.stringify(again)}`);
            // Another partner's senders may share its own first answer under the id, never ours.
          } else if (!matches(endpoint.otherPartner, again.status, again.code) || again.status === first.status) {
            mismatches.push(`${label}: expected ${JSON.stringify(endpoint.otherPartner)}, got ${JSON.stringify(again)}`);
          }
        }
      }
      const asOperator = await send(tokenFor(operator()), ours, commandId);
      if (!matches(DENIED, asOperator.status, asOperator.code))
        mismatches.push(`${endpoint.name}: the id again as the operator got ${asOperator.status}`);
      // Another partner's own customer, under the same id: its own command, decided afresh.
      const theirs = newCustomerId();
      const otherAdmin = tokenFor(who(endpoint.allowed[0], 'other'));
      if (endpoint.name !== 'register') {
        expect(
          (
            await request('POST', '/customers', {
              anonymous: true,
              headers: { Authorization: `Bearer ${otherAdmin}` },
              body: registerBody(theirs),
            })
          ).status,
        ).toBe(201);
      }
      const their = await send(otherAdmin, theirs, commandId);
      if (their.status !== first.status || their.replayed)
        mismatches.push(`${endpoint.name}: another partner's own command under the id got ${JSON.stringify(their)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('serves health and the audit console page without a token, and nothing else', async () => {
    const request = httpClient(system.baseUrl);
    for (const path of ['/health', '/audit/console', '/audit/console/app.js']) {
      const response = await fetch(`${system.baseUrl}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    expect((await request('GET', '/customers/not-even-a-guid', { anonymous: true })).status).toBe(401);
  });

  it('answers every Kafka command type × role × partner on the results topic, naming the partner, dead-letters every bad token, and changes nothing it refuses', async () => {
    const topics = topicsFor(system.topicPrefix);
    const recorder = await TopicRecorder.start(system.kafkaBrokers, [topics.commandResults, topics.commandsDeadLetter]);
    const producer: Producer = await upstreamProducer(system.kafkaBrokers);
    const sent: Array<{ commandId: string; cell: Cell; label: string; customerId: string }> = [];
    try {
      for (const command of KAFKA_COMMANDS) {
        const ours = customers.get(command.name)!;
        const send = async (token: string | undefined, cell: Cell, label: string) => {
          const commandId = randomUUID();
          const customerId = command.type === 'RegisterCustomer' && label.includes(' own ') && cell.status === 201 ? newCustomerId() : ours;
          const headers = token ? { authorization: `Bearer ${token}` } : undefined;
          await producer.send({
            topic: topics.commands,
            messages: [
              {
                key: customerId,
                headers,
                value: JSON.stringify({ commandId, type: command.type, customerId, payload: command.payload, reason: command.reason }),
              },
            ],
          });
          sent.push({ commandId, cell, label: `${command.type} ${label}`, customerId });
        };
        for (const role of ROLES) {
          for (const partner of ['own', 'other'] as const)
            await send(tokenFor(who(role, partner)), expected(command, role, partner), `as ${role} of the ${partner} partner`);
        }
        await send(tokenFor(operator()), DENIED, 'as the platform operator');
        await send(undefined, UNAUTHENTICATED, 'without a token');
        for (const kind of ['expired', 'forged'] as TokenKind[])
          await send(tokenFor(who('GlobalAdmin', 'own'), kind), UNAUTHENTICATED, `with an ${kind} token`);
      }
      const mismatches: string[] = [];
      for (const { commandId, cell, label } of sent) {
        if (cell === UNAUTHENTICATED) {
          // No result for a sender without a valid token, whose command id could be anyone's: a dead letter.
          const { value } = await recorder.waitFor(topics.commandsDeadLetter, (message) => message.value.commandId === commandId, 60_000);
          if (value.code !== UNAUTHENTICATED.code) mismatches.push(`${label}: dead-lettered with code ${value.code}`);
          if (recorder.on(topics.commandResults).some((message) => message.value.commandId === commandId))
            mismatches.push(`${label}: answered on the results topic`);
          continue;
        }
        const { value } = await recorder.waitFor(topics.commandResults, (message) => message.value.commandId === commandId, 60_000);
        const senderPartner = label.includes('platform operator')
          ? OPERATOR_TENANT_ID
          : who('GlobalAdmin', label.includes(' other ') ? 'other' : 'own').partnerId;
        if (value.partnerId !== senderPartner) mismatches.push(`${label}: result names partner ${value.partnerId}`);
        if (!matches(cell, value.status, value.code))
          mismatches.push(`${label}: expected ${JSON.stringify(cell)}, got ${value.status} ${value.code ?? ''}`);
        if (value.status >= 400 !== (value.outcome === 'rejected'))
          mismatches.push(`${label}: status ${value.status} but outcome ${value.outcome}`);
      }
      expect(mismatches).toEqual([]);
      expect(sent).toHaveLength(KAFKA_COMMANDS.length * (ROLES.length * 2 + 4));
      // Only the first allowed update, grant and forget changed anything; revoking what is off changes nothing.
      const commits = async (name: string) => system.db.collection('event_commits').countDocuments({ customerId: customers.get(name)! });
      expect({
        update: await commits('kafka update'),
        grant: await commits('kafka grant'),
        revoke: await commits('kafka revoke'),
        forget: await commits('kafka forget'),
      }).toEqual({ update: 2, grant: 2, revoke: 1, forget: 2 });
    } finally {
      await producer.disconnect();
      await recorder.stop();
    }
  });
});

const KAFKA_COMMANDS: Array<
  Pick<Endpoint, 'name' | 'allowed' | 'ok' | 'otherPartner'> & { type: string; payload: unknown; reason?: string }
> = [
  {
    name: 'kafka register',
    type: 'RegisterCustomer',
    payload: { companyProfile: companyProfile(), billingProfile: billingProfile() },
    allowed: ADMINS,
    ok: { status: 201 },
    otherPartner: { status: 409, code: 600041 },
  },
  {
    name: 'kafka update',
    type: 'UpdateCustomerDetails',
    payload: { companyProfile: { companyName: 'Contoso Matrix' } },
    allowed: EDITORS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'kafka grant',
    type: 'GrantPurchasePermission',
    payload: { resource: 'AzureSavingsPlan' },
    allowed: ADMINS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'kafka revoke',
    type: 'RevokePurchasePermission',
    payload: { resource: 'AzureSavingsPlan' },
    allowed: ADMINS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'kafka forget',
    type: 'ForgetCustomerPersonalData',
    payload: {},
    allowed: ADMINS,
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'kafka place legal hold',
    type: 'PlaceLegalHold',
    payload: {},
    reason: 'Authorization matrix',
    allowed: ['GlobalAdmin'],
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
  {
    name: 'kafka release legal hold',
    type: 'ReleaseLegalHold',
    payload: {},
    reason: 'Authorization matrix',
    allowed: ['GlobalAdmin'],
    ok: { status: 200 },
    otherPartner: OTHER_PARTNERS,
  },
];
