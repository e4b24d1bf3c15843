import { RecordedEvent } from '@app/domain';
import { EventOpener } from '@app/event-store';
import { SealedValueDoesNotOpen } from '@app/personal-data';

/**
 * A batch's personal values opened (or erased) for the fold. An event holding a sealed value
 * that does not open (altered on the way) is poison: set aside with the reason while the rest
 * go on. Any other failure, such as the key store out of reach, is thrown, so that the batch is
 * taken again rather than its sound events set aside.
 */
export async function openForFold(
  opener: EventOpener,
  events: RecordedEvent[],
  poisoned: (event: RecordedEvent, reason: string) => void,
): Promise<RecordedEvent[]> {
  try {
    return await opener.openToFold(events);
  } catch (error) {
    if (!(error instanceof SealedValueDoesNotOpen)) throw error;
  }
  // One at a time, to find the events that hold such values.
  const opened: RecordedEvent[] = [];
  for (const event of events) {
    try {
      opened.push(...(await opener.openToFold([event])));
    } catch (error) {
      if (!(error instanceof SealedValueDoesNotOpen)) throw error;
      poisoned(event, error.message);
    }
  }
  return opened;
}
