import { recordEvents } from '../src';
import { CUSTOMER_ID, PARTNER_ID, customerRegistered, registerCustomer } from './builders';

describe('recordEvents', () => {
  it('places events after the previous version with the command as their cause', () => {
    const ids = ['e-1', 'e-2'];
    const [first, second] = recordEvents([customerRegistered(), customerRegistered()], registerCustomer(), PARTNER_ID, { version: 4 }, () =>
      ids.shift()!,
    );
    expect(first).toMatchObject({
      eventId: 'e-1',
      customerId: CUSTOMER_ID,
      partnerId: PARTNER_ID,
      version: 5,
      schemaVersion: 3,
      operationType: 'add_customer',
      occurredAt: '2026-11-24T10:00:00.000Z',
      actor: { userPrincipalName: 'admin@partner.onmicrosoft.com', applicationId: 'crm-sync', partnerId: PARTNER_ID },
      correlationId: 'correlation-1',
      causationId: 'command-1',
      type: 'CustomerRegistered',
    });
    expect(second).toMatchObject({ eventId: 'e-2', version: 6 });
    expect(first.actor).not.toHaveProperty('roles');
  });
});
