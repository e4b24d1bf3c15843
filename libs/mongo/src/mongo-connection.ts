import { MongoTlsSettings } from '@app/config';
import { MongoClient } from 'mongodb';

const DEFAULT_POOL_SIZE = 20;

/**
 * A client whose writes are acknowledged only once journaled by a majority: an accepted
 * command must survive a crash. (FerretDB accepts the setting; SQLite syncs on commit.)
 */
export async function connectMongo(uri: string, tls: MongoTlsSettings = { enabled: false }): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    // FerretDB on SQLite has 100 connections per database, and an update or findAndModify
    // holds two of them at once; a bounded pool per client keeps a burst of requests from
    // taking them all. A `maxPoolSize` in the URI wins.
    ...(/[?&]maxPoolSize=/i.test(uri) ? {} : { maxPoolSize: DEFAULT_POOL_SIZE }),
    writeConcern: { w: 'majority', journal: true },
    serverSelectionTimeoutMS: 10_000,
    connectTimeoutMS: 5_000,
    serverMonitoringMode: 'poll',
    // Do not ask for retryable writes: FerretDB has no sessions, and each write here is
    // an insert with a unique key or an idempotent update, so a retry is safe anyway.
    retryWrites: false,
    // An absent optional field stays absent, never a stored null.
    ignoreUndefined: true,
    // TLS settings in the URI (tls=true&tlsCAFile=...) work too; these are for deployments that keep the URI plain.
    ...(tls.enabled && { tls: true, tlsCAFile: tls.caFile, tlsCertificateKeyFile: tls.certificateKeyFile }),
  });
  await client.connect();
  return client;
}
