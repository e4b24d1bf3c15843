import { commandIntakeGroupId } from '@app/messaging';
import { actor, bearer, billingProfile, companyProfile, eventually, newCustomerId } from '@app/testing';
import { useUpstreamKafka } from './support/upstream-kafka';
import { Kafka, logLevel } from 'kafkajs';
import { createHash, randomUUID } from 'node:crypto';

// Upstream systems publish commands with a plain kafkajs producer; every command gets one
// result on the results topic; unreadable messages go to the dead-letter topic.
describe('Kafka commands, end to end', () => {
  const kafka = useUpstreamKafka((topics) => [topics.commandResults, topics.commandsDeadLetter]);

  const envelope = (customerId: string, type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({
    commandId: randomUUID(),
    type,
    customerId,
    payload,
    ...extra,
  });
  const publishAs = (who: ReturnType<typeof actor>, customerId: string, ...values: unknown[]) =>
    kafka.producer.send({
      topic: kafka.topics.commands,
      messages: values.map((value) => ({
        key: customerId,
        value: typeof value === 'string' ? value : JSON.stringify(value),
        headers: { authorization: bearer(who) },
      })),
    });
  const publish = (customerId: string, ...values: unknown[]) => publishAs(actor(), customerId, ...values);
  const resultsFor = (commandId: string) => kafka.recorder.on(kafka.topics.commandResults).filter((m) => m.value.commandId === commandId);
  const resultOf = async (commandId: string) =>
    (await kafka.recorder.waitFor(kafka.topics.commandResults, (m) => m.value.commandId === commandId)).value;
  const commitsOf = (customerId: string) => kafka.system.db.collection('event_commits').find({ customerId }).toArray();
  const readModelOf = (customerId: string) => kafka.system.db.collection('customer_accounts').findOne({ _id: customerId as never });
  const registration = (customerId: string) =>
    envelope(customerId, 'RegisterCustomer', { companyProfile: companyProfile(), billingProfile: billingProfile() });

  async function registered(customerId = newCustomerId()) {
    const command = registration(customerId);
    await publish(customerId, command);
    expect(await resultOf(command.commandId)).toMatchObject({ outcome: 'accepted', version: 1 });
    return customerId;
  }

  it('applies a published command to the read model and answers it as accepted', async () => {
    const customerId = newCustomerId();
    const command = registration(customerId);
    await publish(customerId, command);
    const result = await resultOf(command.commandId);
    expect(result).toMatchObject({
      commandId: command.commandId,
      customerId,
      commandType: 'RegisterCustomer',
      outcome: 'accepted',
      status: 201,
      version: 1,
    });
    const [message] = resultsFor(command.commandId);
    expect(message.key).toBe(customerId);

    const grant = envelope(customerId, 'GrantPurchasePermission', { resource: 'AzureSavingsPlan' }, { expectedVersion: 1 });
    await publish(customerId, grant);
    expect(await resultOf(grant.commandId)).toMatchObject({ outcome: 'accepted', version: 2 });
    const account = await eventually(async () => {
      const document = await readModelOf(customerId);
      expect(document?.version).toBe(2);
      return document!;
    });
    expect(account).toMatchObject({
      partnerId: actor().partnerId,
      purchasePermissions: [{ resource: 'AzureSavingsPlan', action: 'Purchase' }],
    });
  });

  it('sets a whole list of permissions in one decision, and refuses a list with a made-up resource whole', async () => {
    const customerId = await registered();
    const both = envelope(customerId, 'SetPurchasePermissions', {
      permissions: [
        { action: 'Purchase', resource: 'AzureReservedInstances' },
        { action: 'Purchase', resource: 'AzureSavingsPlan' },
      ],
    });
    await publish(customerId, both);
    expect(await resultOf(both.commandId)).toMatchObject({ outcome: 'accepted', version: 3, events: [{ version: 2 }, { version: 3 }] });
    const partlyBogus = envelope(customerId, 'SetPurchasePermissions', {
      permissions: [
        { action: 'Purchase', resource: 'AzureSavingsPlan' },
        { action: 'Purchase', resource: 'AzureEverything' },
      ],
    });
    await publish(customerId, partlyBogus);
    expect(await resultOf(partlyBogus.commandId)).toMatchObject({
      outcome: 'rejected',
      status: 400,
      errors: [{ field: 'permissions[1].resource' }],
    });
    expect(await commitsOf(customerId)).toHaveLength(2);
  });

  it('rejects an invalid command with a result naming the field, and changes nothing', async () => {
    const customerId = await registered();
    const invalid = envelope(customerId, 'UpdateCustomerDetails', { billingProfile: { email: 'not-an-email', nickname: 'x' } });
    await publish(customerId, invalid);
    expect(await resultOf(invalid.commandId)).toMatchObject({
      outcome: 'rejected',
      status: 400,
      code: 3000,
      errors: [{ field: 'payload.billingProfile.nickname', reason: 'is not a known field' }],
    });
    const broken = envelope(customerId, 'UpdateCustomerDetails', { billingProfile: { email: 'not-an-email' } });
    await publish(customerId, broken);
    expect(await resultOf(broken.commandId)).toMatchObject({
      outcome: 'rejected',
      status: 400,
      errors: [{ field: 'billingProfile.email', reason: 'must be an email address' }],
    });
    const badEnvelope = { ...envelope(customerId, 'SellEverything', {}), expectedVersion: 'one' };
    await publish(customerId, badEnvelope);
    expect((await resultOf(badEnvelope.commandId)).errors).toEqual([
      { field: 'type', reason: expect.stringMatching(/^must be one of the following values: RegisterCustomer/), code: 3000 },
      { field: 'expectedVersion', reason: 'must not be less than 0; must be an integer number', code: 3000 },
    ]);
    const forbidden = envelope(customerId, 'RevokePurchasePermission', { resource: 'AzureSavingsPlan' });
    await publishAs(actor({ roles: ['SalesAgent'] }), customerId, forbidden);
    expect(await resultOf(forbidden.commandId)).toMatchObject({ outcome: 'rejected', status: 403, code: 900150 });
    const stale = envelope(customerId, 'GrantPurchasePermission', { resource: 'AzureSavingsPlan' }, { expectedVersion: 9 });
    await publish(customerId, stale);
    expect(await resultOf(stale.commandId)).toMatchObject({ outcome: 'rejected', status: 412, code: 2055 });
    expect(await commitsOf(customerId)).toHaveLength(1);
  });

  it('dead-letters an unreadable message and goes on with the next one', async () => {
    const customerId = newCustomerId();
    const next = registration(customerId);
    await publish(customerId, '{"commandId": "broken', '[1,2]', JSON.stringify({ type: 'RegisterCustomer' }), next);
    expect(await resultOf(next.commandId)).toMatchObject({ outcome: 'accepted' });
    // Another topic: the recorder may read it a moment after the results.
    const deadLetters = await eventually(() => {
      const letters = kafka.recorder.on(kafka.topics.commandsDeadLetter).filter((m) => m.key === customerId);
      expect(letters).toHaveLength(3);
      return letters;
    });
    expect(deadLetters.map((m) => m.value.reason)).toEqual([
      expect.stringMatching(/^The message is not UTF-8 JSON/),
      'The message is not a JSON object',
      'The message has no commandId (a string of 1 to 128 characters) to answer to',
    ]);
    // Never the value, which may carry personal data: its hash, for the sender to match.
    expect(deadLetters[0].value).toMatchObject({
      valueSha256: sha256('{"commandId": "broken'),
      valueBytes: 21,
      source: { topic: kafka.topics.commands },
    });
    expect(deadLetters[0].value).not.toHaveProperty('value');
  });

  it('dead-letters an oversized message', async () => {
    const customerId = newCustomerId();
    const huge = registration(customerId);
    (huge.payload as { companyProfile: { companyName: string } }).companyProfile.companyName = 'x'.repeat(70 * 1024);
    await publish(customerId, huge);
    const letter = await kafka.recorder.waitFor(kafka.topics.commandsDeadLetter, (m) => m.key === customerId);
    expect(letter.value.reason).toMatch(/bytes; the limit is 65536/);
    expect(resultsFor(huge.commandId)).toEqual([]);
  });

  it('applies a redelivered command id once and answers it with the first result', async () => {
    const customerId = await registered();
    const update = envelope(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: 'Fabrikam' } });
    await publish(customerId, update, update);
    await eventually(() => expect(resultsFor(update.commandId)).toHaveLength(2));
    const [first, second] = resultsFor(update.commandId);
    expect(second.value).toEqual(first.value);
    expect(first.value).toMatchObject({ outcome: 'accepted', version: 2 });
    expect(await commitsOf(customerId)).toHaveLength(2);
  });

  it('applies one of two updates made against the same expected version, the other as stale', async () => {
    const customerId = await registered();
    const racers = ['Ann', 'Bob'].map((firstName) =>
      envelope(customerId, 'UpdateCustomerDetails', { billingProfile: { firstName } }, { expectedVersion: 1 }),
    );
    await Promise.all(racers.map((racer) => publish(customerId, racer)));
    const results = await Promise.all(racers.map((racer) => resultOf(racer.commandId)));
    expect(results.map((r) => r.outcome).sort()).toEqual(['accepted', 'rejected']);
    expect(results.find((r) => r.outcome === 'rejected')).toMatchObject({ status: 412, code: 2055 });
    const commits = await commitsOf(customerId);
    expect(commits.flatMap((c) => c.events)).toHaveLength(2);
  });
  it('decides a burst of many customers side by side, each customer in offset order, and answers every message once', async () => {
    const customers = await Promise.all(Array.from({ length: 6 }, () => registered()));
    // Each customer's updates name the version before them: out of order, one would be stale.
    const updates = customers.map((customerId) =>
      Array.from({ length: 8 }, (_, n) =>
        envelope(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: `Contoso ${n}` } }, { expectedVersion: n + 1 }),
      ),
    );
    const interleaved = updates[0].flatMap((_, n) => updates.map((ofCustomer) => ofCustomer[n]));
    // One topic partition may hold several customers: one send of everything, plus a message that cannot be read.
    await kafka.producer.send({
      topic: kafka.topics.commands,
      messages: [...interleaved.slice(0, 20), '{"unreadable', ...interleaved.slice(20)].map((value) => ({
        key: typeof value === 'string' ? customers[0] : value.customerId,
        value: typeof value === 'string' ? value : JSON.stringify(value),
        headers: { authorization: bearer(actor()) },
      })),
    });
    const results = await Promise.all(interleaved.map((command) => resultOf(command.commandId)));
    expect(results.filter((result) => result.outcome !== 'accepted')).toEqual([]);
    for (const [index, customerId] of customers.entries()) {
      expect(results.filter((result) => result.customerId === customerId).map((result) => result.version)).toEqual([
        2, 3, 4, 5, 6, 7, 8, 9,
      ]);
      expect(updates[index].map((command) => resultsFor(command.commandId).length)).toEqual(Array(8).fill(1));
    }
    await eventually(() =>
      expect(kafka.recorder.on(kafka.topics.commandsDeadLetter).filter((m) => m.value.valueSha256 === sha256('{"unreadable'))).toHaveLength(
        1,
      ),
    );
  });

  // Last: it stops the service. A chunk's offset commit goes while the next fetch does.
  it('has committed the offset of every command it answered once it has left', async () => {
    const customerId = await registered();
    const updates = Array.from({ length: 20 }, (_, n) =>
      envelope(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: `Contoso ${n}` } }),
    );
    for (const update of updates) await publish(customerId, update);
    await Promise.all(updates.map((update) => resultOf(update.commandId)));
    const [service] = kafka.system.services.splice(0, 1);
    await service.close(); // what SIGTERM does
    const admin = new Kafka({ brokers: kafka.system.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({
        groupId: commandIntakeGroupId(kafka.system.topicPrefix),
        topics: [kafka.topics.commands],
      });
      const ends = await admin.fetchTopicOffsets(kafka.topics.commands);
      const byPartition = (offsets: Array<{ partition: number; offset: string }>) =>
        offsets
          .map(({ partition, offset }) => ({ partition, offset: offset === '-1' ? '0' : offset }))
          .sort((a, b) => a.partition - b.partition);
      expect(byPartition(committed.partitions)).toEqual(byPartition(ends.map(({ partition, high }) => ({ partition, offset: high }))));
    } finally {
      await admin.disconnect();
    }
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
