/** Every topic the service uses, named from one prefix so that environments never share one. */
export interface Topics {
  /** The audit trail: every event, keyed by customer id, kept forever. */
  events: string;
  /** Commands that upstream systems publish, keyed by customer id. */
  commands: string;
  /** One result per command, accepted or rejected. */
  commandResults: string;
  /** Command messages that could not even be read. */
  commandsDeadLetter: string;
  /** Event messages the projector could not apply. */
  eventsDeadLetter: string;
  /** Signed digests of the streams' heads, keyed by partner id, kept forever: the copy outside the database. */
  digests: string;
  /** Every audit read (who read what, when, how much), keyed by partner id, kept forever: the access log's copy outside the database. */
  accessLog: string;
}

export function topicsFor(prefix: string): Topics {
  return {
    events: `${prefix}.events`,
    commands: `${prefix}.commands`,
    commandResults: `${prefix}.command-results`,
    commandsDeadLetter: `${prefix}.commands.dead-letter`,
    eventsDeadLetter: `${prefix}.events.dead-letter`,
    digests: `${prefix}.integrity-digests`,
    accessLog: `${prefix}.access-log`,
  };
}

/** The projector's consumer group, which the lag report reads the offsets of. */
export function projectorGroupId(prefix: string): string {
  return `${prefix}.projector`;
}

/** The command side's consumer group on the commands topic. */
export function commandIntakeGroupId(prefix: string): string {
  return `${prefix}.command-intake`;
}
