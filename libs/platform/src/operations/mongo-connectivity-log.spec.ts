import { EventEmitter } from 'node:events';
import { MongoClient } from 'mongodb';
import { logMongoConnectivity } from './mongo-connectivity-log';

const ADDRESS = '127.0.0.1:27017';

function watched() {
  const client = new EventEmitter();
  const lines: string[] = [];
  logMongoConnectivity(client as unknown as Pick<MongoClient, 'on'>, {
    log: (line: string) => lines.push(`log ${line}`),
    warn: (line: string) => lines.push(`warn ${line}`),
  });
  const change = (from: string, to: string, error?: string) =>
    client.emit('serverDescriptionChanged', {
      address: ADDRESS,
      previousDescription: { type: from },
      newDescription: { type: to, error: error && new Error(error) },
    });
  const heartbeatFails = (message: string) => client.emit('serverHeartbeatFailed', { connectionId: ADDRESS, failure: new Error(message) });
  return { lines, change, heartbeatFails };
}

describe('MongoDB connectivity log', () => {
  it('says when a server turns unreachable, with the error, and when it is reachable again', () => {
    const { lines, change } = watched();
    change('Standalone', 'Unknown', 'connection 3 to 127.0.0.1:27017 closed');
    change('Unknown', 'Standalone');
    expect(lines).toEqual([
      `warn ${ADDRESS} is unreachable: connection 3 to 127.0.0.1:27017 closed`,
      `log ${ADDRESS} is reachable (Standalone)`,
    ]);
  });

  it('stays quiet while the view only refreshes', () => {
    const { lines, change } = watched();
    change('Standalone', 'Standalone');
    change('Unknown', 'Unknown', 'still down');
    expect(lines).toEqual([]);
  });

  it('logs the first failed heartbeat of an outage and not each one after it', () => {
    const { lines, heartbeatFails, change } = watched();
    heartbeatFails('connect ECONNREFUSED');
    heartbeatFails('connect ECONNREFUSED');
    change('Unknown', 'Standalone');
    heartbeatFails('connection reset');
    expect(lines).toEqual([
      `warn Heartbeat to ${ADDRESS} failed: connect ECONNREFUSED`,
      `log ${ADDRESS} is reachable (Standalone)`,
      `warn Heartbeat to ${ADDRESS} failed: connection reset`,
    ]);
  });
});
