import { createHash } from 'node:crypto';
import { KafkaMessage } from 'kafkajs';

/**
 * What the operators need to find and judge a message, without its value: commands carry
 * personal data, and the dead letters outlive a forget. The sender keeps the message; the
 * SHA-256 shows which one it was.
 */
export function commandDeadLetter(
  reason: string,
  code: number,
  topic: string,
  partition: number,
  message: KafkaMessage,
  parsed?: Record<string, unknown>,
) {
  const value = message.value ?? Buffer.alloc(0);
  const text = (field: unknown) => (typeof field === 'string' && field.length <= 128 ? field : undefined);
  return {
    reason,
    code,
    source: { topic, partition, offset: message.offset, timestamp: message.timestamp },
    key: message.key?.toString().slice(0, 128) ?? null,
    ...(parsed && { commandId: text(parsed.commandId), type: text(parsed.type), customerId: text(parsed.customerId) }),
    valueSha256: createHash('sha256').update(value).digest('hex'),
    valueBytes: value.length,
    deadLetteredAt: new Date().toISOString(),
  };
}

export type CommandDeadLetter = ReturnType<typeof commandDeadLetter>;
