import { EventEmitter } from 'node:events';
import { STUCK_AFTER_MS, StuckMonitorWatchdog } from './stuck-monitor-watchdog';

const ADDRESS = '127.0.0.1:27017';

function watched() {
  let time = 1_000_000;
  const client = Object.assign(new EventEmitter(), { close: jest.fn(async () => undefined), connect: jest.fn(async () => undefined) });
  const watchdog = new StuckMonitorWatchdog(client as never, () => time, { warn: () => undefined, log: () => undefined });
  return {
    client,
    watchdog,
    after: (ms: number) => (time += ms),
    unknown: () => client.emit('serverDescriptionChanged', { address: ADDRESS, newDescription: { type: 'Unknown' } }),
    known: () => client.emit('serverDescriptionChanged', { address: ADDRESS, newDescription: { type: 'Standalone' } }),
    checkFails: () => client.emit('serverHeartbeatFailed', { connectionId: ADDRESS }),
  };
}

describe('Stuck monitor watchdog', () => {
  it('given a server unknown with no check ending for longer than a check can take, reconnects the client once', async () => {
    const { client, watchdog, after, unknown } = watched();
    unknown();
    after(STUCK_AFTER_MS + 1);
    await watchdog.look();
    await watchdog.look();
    expect(client.close).toHaveBeenCalledTimes(1);
    expect(client.connect).toHaveBeenCalledTimes(1);
  });

  it('given a server that is down, its checks failing every ten seconds, leaves the client alone', async () => {
    const { client, watchdog, after, unknown, checkFails } = watched();
    unknown();
    for (let i = 0; i < 6; i++) {
      after(10_000);
      checkFails();
      await watchdog.look();
    }
    expect(client.close).not.toHaveBeenCalled();
  });

  it('given a server known again, leaves the client alone', async () => {
    const { client, watchdog, after, unknown, known } = watched();
    unknown();
    after(1_000);
    known();
    after(STUCK_AFTER_MS + 1);
    await watchdog.look();
    expect(client.close).not.toHaveBeenCalled();
  });

  it('keeps trying to connect until it succeeds, and not at all once stopped', async () => {
    const { client, watchdog, after, unknown } = watched();
    client.connect.mockRejectedValueOnce(new Error('Server selection timed out'));
    unknown();
    after(STUCK_AFTER_MS + 1);
    await watchdog.look();
    expect(client.connect).toHaveBeenCalledTimes(2);

    const stopped = watched();
    stopped.unknown();
    stopped.after(STUCK_AFTER_MS + 1);
    stopped.watchdog.stop();
    await stopped.watchdog.look();
    expect(stopped.client.close).not.toHaveBeenCalled();
  });
});
