import { actor, bearer, registerBody } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { httpSend } from './http-load-client';
import { withConcurrency } from './measure';

/** Something the bench sends commands to: the service, its raw chains, or a peer library behind HTTP. */
export interface CommandTarget {
  name: string;
  baseUrl: string;
  /** Its commands topic, where it has one. */
  kafka?: { brokers: string[]; topicPrefix: string };
  /** Whether GET /pipeline/lag reports an outbox and a projector, which a round then waits for. */
  reportsLag: boolean;
}

export const authorization = bearer(actor());

/** Registers `count` new customers through the target's HTTP route; their ids. */
export async function registeredCustomers(target: CommandTarget, count: number, concurrency: number): Promise<string[]> {
  const customers = Array.from({ length: count }, () => randomUUID());
  await withConcurrency(customers.length, concurrency, async (i) => {
    const response = await httpSend(
      `${target.baseUrl}/customers`,
      'POST',
      { Authorization: authorization, 'Content-Type': 'application/json' },
      JSON.stringify(registerBody(customers[i])),
    );
    if (response.status !== 201) throw new Error(`${target.name}: registration answered ${response.status}: ${response.body}`);
  });
  return customers;
}

/** The bench's update: a new company name, whatever the version (If-Match: *). Its answer's version. */
export async function updateCompanyName(target: CommandTarget, customerId: string): Promise<number> {
  const response = await httpSend(
    `${target.baseUrl}/customers/${customerId}/company-profile`,
    'PATCH',
    { Authorization: authorization, 'Content-Type': 'application/json', 'If-Match': '*' },
    JSON.stringify({ companyName: `Contoso ${randomUUID()}` }),
  );
  if (response.status !== 200) throw new Error(`${target.name}: update answered ${response.status}: ${response.body}`);
  return (JSON.parse(response.body) as { version: number }).version;
}

/** The same update, or a registration, as a message on a commands topic. */
export function commandMessage(customerId: string, commandId: string, registration = false) {
  const { customerId: _inTheEnvelope, ...registrationPayload } = registerBody(customerId);
  return {
    key: customerId,
    headers: { authorization },
    value: JSON.stringify(
      registration
        ? { commandId, type: 'RegisterCustomer', customerId, payload: registrationPayload }
        : {
            commandId,
            type: 'UpdateCustomerDetails',
            customerId,
            payload: { companyProfile: { companyName: `Contoso k${randomUUID()}` } },
          },
    ),
  };
}
