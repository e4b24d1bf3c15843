import { Collection, Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { ensureIndexes } from '@app/mongo';

export const SECURITY_LOG_COLLECTION = 'security_log';

/** A command refused for who sent it: a role without the right, another partner's customer, another sender's command id. */
export interface SecurityLogEntry {
  _id: string;
  /** The sender's partner, whose log it is: the target customer's history stays its own partner's record. */
  partnerId: string;
  actor: { userPrincipalName: string; applicationId: string; partnerId: string };
  commandId: string;
  commandType: string;
  customerId: string;
  status: number;
  code: number;
  detail: string;
  correlationId: string;
  recordedAt: Date;
}

/**
 * Every refused attempt, each one (a repeat is another attempt), kept against the sender's
 * partner for its auditors. Nothing here is an idempotent result: a refused command id is
 * decided again the next time, and refused again.
 */
export class SecurityLog {
  private readonly entries: Collection<SecurityLogEntry>;

  constructor(db: Db) {
    this.entries = db.collection<SecurityLogEntry>(SECURITY_LOG_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.entries, [{ key: { partnerId: 1, recordedAt: 1 }, name: 'by_partner_time' }]);
  }

  async record(entry: Omit<SecurityLogEntry, '_id'>): Promise<void> {
    await this.entries.insertOne({ _id: randomUUID(), ...entry });
  }

  /** The partner's entries in a time range (`to` excluded), oldest first, at most `limit`. */
  async findByPartner(partnerId: string, from: Date, to: Date, limit: number): Promise<SecurityLogEntry[]> {
    return this.entries
      .find({ partnerId, recordedAt: { $gte: from, $lt: to } })
      .sort({ recordedAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }
}
