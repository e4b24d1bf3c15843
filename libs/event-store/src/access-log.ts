import { Collection, Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { ensureIndexes } from '@app/mongo';

export const ACCESS_LOG_COLLECTION = 'access_log';

/** What an audit read asked for: one customer's records, a period, or the partner as a whole. */
export type AuditReadKind = 'history' | 'state' | 'export' | 'verification' | 'digests' | 'manifest' | 'security-log' | 'access-log';

/** One audit read: who read what, when, and how much they were given (or that they were refused). */
export interface AccessLogEntry {
  _id: string;
  /** The reader's partner, whose log it is. */
  partnerId: string;
  actor: { userPrincipalName: string; applicationId: string };
  read: AuditReadKind;
  customerId?: string;
  period?: { from: string; to: string };
  /** The filters given beyond the customer and the period. */
  filters?: Record<string, string>;
  outcome: 'answered' | 'refused';
  /** Entries (or customers, for a verification) given. */
  entries: number;
  /** The code of a refusal. */
  code?: number;
  recordedAt: Date;
}

/**
 * Every audit read, kept against the reader's partner for its auditors (ISO 27001 A.8.15
 * asks for logs of access). Each entry is also handed to `publish`, the copy outside the
 * database that a deletion here cannot reach.
 */
export class AccessLog {
  private readonly entries: Collection<AccessLogEntry>;

  constructor(
    db: Db,
    private readonly publish: (entry: AccessLogEntry) => Promise<void> = async () => undefined,
  ) {
    this.entries = db.collection<AccessLogEntry>(ACCESS_LOG_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.entries, [{ key: { partnerId: 1, recordedAt: 1 }, name: 'by_partner_time' }]);
  }

  /** Stored before the read is answered; published after, without holding the answer up. */
  async record(entry: Omit<AccessLogEntry, '_id' | 'recordedAt'>): Promise<AccessLogEntry> {
    const stored: AccessLogEntry = { _id: randomUUID(), ...entry, recordedAt: new Date() };
    await this.entries.insertOne(stored);
    return stored;
  }

  /** The copy outside the database: the caller decides whether to wait for it. */
  witness(entry: AccessLogEntry): Promise<void> {
    return this.publish(entry);
  }

  /** The partner's entries in a time range (`to` excluded), oldest first, at most `limit`. */
  async findByPartner(partnerId: string, from: Date, to: Date, limit: number): Promise<AccessLogEntry[]> {
    return this.entries
      .find({ partnerId, recordedAt: { $gte: from, $lt: to } })
      .sort({ recordedAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }
}
