import { Logger } from '@nestjs/common';
import { MongoClient, ServerDescriptionChangedEvent } from 'mongodb';

/**
 * A check of a server ends within the connect timeout (5 s, see connectMongo), and one comes
 * at least every heartbeat interval (10 s): a server unknown this long with no check ending
 * is watched by a monitor that has stopped.
 */
export const STUCK_AFTER_MS = 20_000;
const LOOK_EVERY_MS = 1_000;
const RECONNECT_PAUSE_MS = 1_000;

type WatchedClient = Pick<MongoClient, 'on' | 'close' | 'connect'>;

/**
 * Reconnects the client when the driver's monitor of a server is stuck. Seen after FerretDB
 * restarts (README, traps): one client's monitor began a check that never ended, the driver
 * ignores requests for a new check while one is under way, and every operation then failed
 * server selection for minutes while other clients in the same process had recovered. A new
 * topology has new monitors. A server that is really down is not this: its checks keep ending,
 * in failure.
 */
export class StuckMonitorWatchdog {
  private readonly unknownSince = new Map<string, number>();
  private readonly checkEndedAt = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private reconnecting = false;
  private stopped = false;

  constructor(
    private readonly client: WatchedClient,
    private readonly now: () => number = Date.now,
    private readonly logger: Pick<Logger, 'warn' | 'log'> = new Logger('MongoDB'),
  ) {
    client.on('serverDescriptionChanged', ({ address, newDescription }: ServerDescriptionChangedEvent) => {
      if (newDescription.type !== 'Unknown') this.unknownSince.delete(address);
      else if (!this.unknownSince.has(address)) this.unknownSince.set(address, this.now());
    });
    const checkEnded = ({ connectionId }: { connectionId: string }) => this.checkEndedAt.set(connectionId, this.now());
    client.on('serverHeartbeatSucceeded', checkEnded);
    client.on('serverHeartbeatFailed', checkEnded);
  }

  start(): this {
    this.timer = setInterval(() => void this.look(), LOOK_EVERY_MS);
    this.timer.unref();
    return this;
  }

  /** Before the client is closed for good, so that it is not opened again. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** One look; the timer calls it every second. */
  async look(): Promise<void> {
    if (this.reconnecting || this.stopped) return;
    const now = this.now();
    const stuck = [...this.unknownSince].find(
      ([address, since]) => now - Math.max(since, this.checkEndedAt.get(address) ?? 0) > STUCK_AFTER_MS,
    );
    if (!stuck) return;
    this.reconnecting = true;
    this.logger.warn(
      `${stuck[0]} has been unknown for ${Math.round((now - stuck[1]) / 1000)} s and no check of it has ended: the driver's monitor is stuck, so the client reconnects`,
    );
    try {
      await this.client.close();
      // Until it connects, operations fail as they did; the server may be down by now too.
      while (!this.stopped) {
        try {
          await this.client.connect();
          this.logger.log('The client reconnected');
          break;
        } catch (error) {
          this.logger.warn(`Reconnecting failed, trying again: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, RECONNECT_PAUSE_MS));
        }
      }
    } finally {
      this.unknownSince.clear();
      this.checkEndedAt.clear();
      this.reconnecting = false;
    }
  }
}
