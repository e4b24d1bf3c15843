import { fold, initialState } from '@app/domain';
import { toDocument } from '@app/read-model';
import { readModelDifferences } from '../src';
import { CUSTOMER_ID, permissionCommand, registerCustomer, updateBilling } from '../../domain/test/builders';
import { recordedStream } from './recorded-stream';

const events = recordedStream(
  registerCustomer(),
  updateBilling({ email: 'billing@contoso.com' }),
  permissionCommand('GrantPurchasePermission'),
);
const folded = fold(events);
if (folded.status !== 'registered') throw new Error('the sample stream registers the customer');
const projected = toDocument(folded, events.at(-1)!.eventId, events.at(-1)!.occurredAt);

describe('Comparing the read model with the events', () => {
  it('finds nothing when the document is the fold, whatever the projector bookkeeping says', () => {
    expect(readModelDifferences(CUSTOMER_ID, folded, { ...projected, lastEventId: 'other', updatedAt: 'other' })).toEqual([]);
  });

  it('takes a document written before resources had ETags of their own, or with them counted from the account, as equal', () => {
    const { resourceVersions: _none, ...older } = projected;
    expect(readModelDifferences(CUSTOMER_ID, folded, older)).toEqual([]);
    const counted = { ...projected, resourceVersions: { billingProfile: 3, companyProfile: 3, purchasePermissions: 3 } };
    expect(readModelDifferences(CUSTOMER_ID, folded, counted)).toEqual([]);
  });

  it('names each field that differs, with both values', () => {
    const edited = {
      ...projected,
      version: 2,
      billingProfile: { ...projected.billingProfile, email: 'mallory@example.com' },
      purchasePermissions: [],
    };
    expect(readModelDifferences(CUSTOMER_ID, folded, edited)).toEqual([
      { customerId: CUSTOMER_ID, field: 'billingProfile.email', eventStore: 'billing@contoso.com', readModel: 'mallory@example.com' },
      {
        customerId: CUSTOMER_ID,
        field: 'purchasePermissions',
        eventStore: [{ resource: 'AzureReservedInstances', action: 'Purchase' }],
        readModel: [],
      },
      { customerId: CUSTOMER_ID, field: 'version', eventStore: 3, readModel: 2 },
    ]);
  });

  it('names an account missing from the read model, and one that has no events', () => {
    expect(readModelDifferences(CUSTOMER_ID, folded, null)).toEqual([
      { customerId: CUSTOMER_ID, field: '(account)', eventStore: 'version 3' },
    ]);
    expect(readModelDifferences(CUSTOMER_ID, initialState(), projected)).toEqual([
      { customerId: CUSTOMER_ID, field: '(account)', readModel: 'present' },
    ]);
  });
});
