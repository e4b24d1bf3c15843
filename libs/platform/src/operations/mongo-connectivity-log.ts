import { Logger } from '@nestjs/common';
import { MongoClient, ServerDescriptionChangedEvent, ServerHeartbeatFailedEvent } from 'mongodb';

/** At most one heartbeat failure a server in this long: a server that is down fails every check. */
const HEARTBEAT_FAILURE_LOG_INTERVAL_MS = 10_000;

type LogLines = Pick<Logger, 'log' | 'warn'>;

/**
 * Logs when the driver's view of a MongoDB server turns unreachable or reachable again, with
 * the error it saw, and failed heartbeats now and then while it is unreachable. Operators see
 * why requests fail; and a client whose view stays unreachable with no heartbeats logged has
 * stopped checking, which is not the same as a server that is down (README, FerretDB traps).
 */
export function logMongoConnectivity(client: Pick<MongoClient, 'on'>, logger: LogLines = new Logger('MongoDB')): void {
  const failureLoggedAt = new Map<string, number>();
  client.on('serverDescriptionChanged', ({ address, previousDescription, newDescription }: ServerDescriptionChangedEvent) => {
    const wasReachable = previousDescription.type !== 'Unknown';
    const isReachable = newDescription.type !== 'Unknown';
    if (wasReachable && !isReachable) logger.warn(`${address} is unreachable: ${newDescription.error?.message ?? 'no answer'}`);
    if (!wasReachable && isReachable) {
      failureLoggedAt.delete(address);
      logger.log(`${address} is reachable (${newDescription.type})`);
    }
  });
  client.on('serverHeartbeatFailed', ({ connectionId, failure }: ServerHeartbeatFailedEvent) => {
    const now = Date.now();
    if (now - (failureLoggedAt.get(connectionId) ?? 0) < HEARTBEAT_FAILURE_LOG_INTERVAL_MS) return;
    failureLoggedAt.set(connectionId, now);
    logger.warn(`Heartbeat to ${connectionId} failed: ${failure.message}`);
  });
}
