import { changeHistory, toCsv, toJsonLines } from '../src';
import { metadata, registerCustomer, updateBilling } from '../../domain/test/builders';
import { recordedStream } from './recorded-stream';

const history = changeHistory(
  recordedStream(
    registerCustomer(undefined, metadata({ commandId: 'c-1', receivedAt: '2026-11-24T10:00:00.000Z' })),
    updateBilling(
      { companyName: 'Contoso, "Ltd"', defaultAddress: { phoneNumber: '+1 425 555 0100' } },
      metadata({ commandId: 'c-2', receivedAt: '2026-11-24T10:05:00.000Z' }),
    ),
  ),
  [],
);

describe('Exporting a history', () => {
  it('as JSON lines, one entry per line', () => {
    const lines = toJsonLines(history).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(history);
  });

  it('as CSV with a header and a row per changed field, quoting what needs it and defusing formulas', () => {
    const rows = toCsv(history).split('\r\n');
    expect(rows[0]).toBe(
      'occurredAt,customerId,outcome,version,type,operationType,userPrincipalName,applicationId,partnerId,commandId,correlationId,reason,field,oldValue,newValue,rejectionCode,rejectionDetail',
    );
    const update = rows.filter((row) => row.includes(',BillingProfileUpdated,'));
    expect(update).toHaveLength(2);
    expect(update[0]).toContain(',billingProfile.companyName,Contoso,"Contoso, ""Ltd""",');
    expect(update[1]).toContain(",billingProfile.defaultAddress.phoneNumber,,'+1 425 555 0100,");
    expect(rows.at(-1)).toBe('');
    expect(rows.length - 2).toBe(history.reduce((sum, entry) => sum + Math.max(entry.changes.length, 1), 0));
  });
});
