import fc from 'fast-check';
import { DomainError, ErrorCodes, MAX_REASON_LENGTH, parseReason, recordEvents, requireReason } from '../src';
import { PARTNER_ID, customerRegistered, permissionCommand, registerCustomer } from './builders';

function refusal(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind} ${error.code} ${error.fieldErrors[0]?.field}`;
    throw error;
  }
}

describe('a reason for change', () => {
  it('given a command with a reason, when its events are recorded, then each event carries the reason', () => {
    const command = registerCustomer(undefined, { reason: 'Onboarding per contract 4711' });
    const events = recordEvents([customerRegistered()], command, PARTNER_ID, { version: 0 }, () => 'e-1');
    expect(events[0].reason).toBe('Onboarding per contract 4711');
  });

  it('given a command without one, when its events are recorded, then they carry none', () => {
    expect(recordEvents([customerRegistered()], registerCustomer(), PARTNER_ID, { version: 0 }, () => 'e-1')[0]).not.toHaveProperty(
      'reason',
    );
  });

  it('given plain text in any script, when read, then it is kept as given, its ends trimmed', () => {
    expect(parseReason('  Kundenwunsch: Rechnung an die Zentrale ', 'reason')).toBe('Kundenwunsch: Rechnung an die Zentrale');
    expect(parseReason('顧客の依頼 👩🏽‍💼', 'reason')).toBe('顧客の依頼 👩🏽‍💼');
    expect(parseReason('x'.repeat(MAX_REASON_LENGTH), 'reason')).toHaveLength(MAX_REASON_LENGTH);
    expect(parseReason(undefined, 'reason')).toBeUndefined();
    expect(parseReason(null, 'reason')).toBeUndefined();
  });

  it('given anything else a sender controls, when read, then it is refused naming the field, never thrown as anything but a domain error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything().filter((value) => typeof value !== 'string' && value !== undefined && value !== null),
          fc.string({ unit: 'binary', minLength: 1 }).map((text) => `${text}\u0000`),
          fc.constantFrom('', '   ', 'line one\nline two', 'tab\tinside', '\ud800 lone', 'end \udfff', 'x'.repeat(MAX_REASON_LENGTH + 1)),
        ),
        (value) => {
          expect(refusal(() => parseReason(value, 'reason'))).toBe('invalid-input 3000 reason');
        },
      ),
    );
  });

  it('for any text at all, when read, then it is either refused or kept as plain text of bounded length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 700 }), (text) => {
        let kept: string | undefined;
        const refused = refusal(() => (kept = parseReason(text, 'reason')));
        if (refused) return expect(refused).toBe('invalid-input 3000 reason');
        expect([...kept!].length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
        expect(kept).toBe(text.trim());
      }),
    );
  });

  it('given the configuration requires a reason for grants, when a grant comes without one, then it is refused with its own code; other commands are not', () => {
    const grants = new Set(['GrantPurchasePermission'] as const);
    expect(refusal(() => requireReason('GrantPurchasePermission', undefined, grants))).toBe(
      `invalid-input ${ErrorCodes.ReasonRequired} reason`,
    );
    expect(refusal(() => requireReason('GrantPurchasePermission', 'Customer asked', grants))).toBeUndefined();
    expect(refusal(() => requireReason(permissionCommand('RevokePurchasePermission').type, undefined, grants))).toBeUndefined();
  });
});
