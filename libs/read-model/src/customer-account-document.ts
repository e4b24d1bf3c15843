import { CustomerAccount } from '@app/domain';

/** The current account as the read model keeps it: the folded state plus where it came from. */
export interface CustomerAccountDocument extends CustomerAccount {
  _id: string;
  /** The last applied event: its id and when it happened. */
  lastEventId: string;
  updatedAt: string;
}
