import { authorizeOperator, DomainError } from '../src';
import { anActor, OTHER_PARTNER_ID, PARTNER_ID } from './builders';

const OPERATOR_TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201';

function refusal(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind} ${error.code}`;
    throw error;
  }
}

describe('operators’ work (replays, pipeline figures)', () => {
  it('given the Operator role in a token of the operator tenant, when it asks, then it may', () => {
    expect(refusal(() => authorizeOperator(anActor({ partnerId: OPERATOR_TENANT, roles: ['Operator'] }), OPERATOR_TENANT))).toBeUndefined();
  });

  it('given a partner whose own token carries the Operator role, when it asks, then it may not: a partner cannot make itself an operator', () => {
    for (const partnerId of [PARTNER_ID, OTHER_PARTNER_ID]) {
      expect(refusal(() => authorizeOperator(anActor({ partnerId, roles: ['Operator', 'GlobalAdmin', 'Auditor'] }), OPERATOR_TENANT))).toBe(
        'forbidden 900150',
      );
    }
  });

  it('given the operator tenant without the Operator role, or no operator tenant configured, when it asks, then it may not', () => {
    expect(refusal(() => authorizeOperator(anActor({ partnerId: OPERATOR_TENANT, roles: ['GlobalAdmin'] }), OPERATOR_TENANT))).toBe(
      'forbidden 900150',
    );
    expect(refusal(() => authorizeOperator(anActor({ partnerId: OPERATOR_TENANT, roles: ['Operator'] }), undefined))).toBe(
      'forbidden 900150',
    );
  });
});
