import { FieldChange } from '@app/domain';

export interface HistoryActor {
  userPrincipalName: string;
  applicationId: string;
  partnerId: string;
}

/**
 * One line of a customer's audit trail: an accepted change (one event) or a rejected
 * command, with who, when, why (the command and its conversation) and what changed.
 * Field names are paths into the account (`billingProfile.defaultAddress.city`).
 */
export interface HistoryEntry {
  outcome: 'accepted' | 'rejected';
  /** ISO-8601 UTC: when the command was received. */
  occurredAt: string;
  customerId: string;
  /** The customer's partner, as its events say; unknown for a rejected command. */
  partnerId?: string;
  /** The stream version this change produced; none for a rejected command. */
  version?: number;
  eventId?: string;
  /** The event type of an accepted change, the command type of a rejected one. */
  type: string;
  /** Partner Center's audit operation type. */
  operationType?: string;
  actor: HistoryActor;
  /** The command that caused it (its MS-RequestId or Kafka commandId). */
  commandId: string;
  correlationId: string;
  /** Why, in the sender's words, when the command gave a reason. */
  reason?: string;
  changes: FieldChange[];
  /** Why a command was refused: its Partner Center code and message. */
  rejection?: { status: number; code: number; detail: string; errors: Array<{ field: string; reason: string; code: number }> };
}

/** A rejected command as the command log keeps it. */
export interface RejectedCommand {
  commandId: string;
  customerId: string;
  commandType: string;
  recordedAt: Date;
  actor: HistoryActor;
  correlationId: string;
  reason?: string;
  rejection: NonNullable<HistoryEntry['rejection']>;
}
