import { RecordedEvent } from '@app/domain';
import { ProjectionReport } from '@app/read-model';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import { projectSettingAside } from './project-setting-aside';

const event = (customerId: string, version: number) =>
  ({ eventId: `${customerId}-${version}`, customerId, version }) as unknown as RecordedEvent;
const applied = (events: RecordedEvent[]): ProjectionReport => ({ applied: events.length, skipped: 0, healed: 0, poisoned: [] });

/** A projection whose writes for one customer fail with `failure`, as the store would answer them. */
function failingFor(customerId: string, failure: Error) {
  const calls: string[][] = [];
  return {
    calls,
    project: async (events: RecordedEvent[]) => {
      calls.push(events.map((each) => each.eventId));
      if (events.some((each) => each.customerId === customerId)) throw failure;
      return applied(events);
    },
  };
}

describe('projectSettingAside', () => {
  const batch = [event('a', 1), event('b', 1), event('a', 2), event('c', 1), event('b', 2)];

  it('given a batch that projects, when projected, then it is written in one go', async () => {
    const projection = failingFor('nobody', new Error('unused'));
    expect(await projectSettingAside(projection, batch)).toEqual(applied(batch));
    expect(projection.calls).toHaveLength(1);
  });

  it('given a customer whose account the store refuses, when its batch is projected, then its events alone are set aside with the reason and the others are written', async () => {
    const projection = failingFor('b', new MongoServerError({ message: 'object to insert too large', code: 10334 }));
    const report = await projectSettingAside(projection, batch);
    expect(report).toMatchObject({ applied: 3, skipped: 0, healed: 0 });
    expect(report.poisoned.map(({ event: each, reason }) => [each.eventId, reason])).toEqual([
      ['b-1', 'Not projected: object to insert too large'],
      ['b-2', 'Not projected: object to insert too large'],
    ]);
    expect(projection.calls.slice(1)).toEqual([['a-1', 'a-2'], ['b-1', 'b-2'], ['c-1']]);
  });

  it('given a customer whose writes kept conflicting, when its batch is projected, then it is set aside rather than retried for ever', async () => {
    const report = await projectSettingAside(failingFor('c', new Error('Read model writes kept conflicting for c')), batch);
    expect(report.poisoned.map(({ event: each }) => each.eventId)).toEqual(['c-1']);
    expect(report.applied).toBe(4);
  });

  it('given the read model out of reach, when a batch is projected, then the failure is thrown and nothing is set aside', async () => {
    const projection = failingFor('a', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed'));
    await expect(projectSettingAside(projection, batch)).rejects.toBeInstanceOf(MongoNetworkError);
    expect(projection.calls).toHaveLength(1);
  });
});
