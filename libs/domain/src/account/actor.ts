/**
 * A partner's roles, and `Operator`: the platform team's, honoured only in a token of the
 * operator tenant, so that no partner can give it to its own people.
 */
export const ROLES = ['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin', 'BillingAdmin', 'Auditor', 'Operator'] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: the user and application behind a command, for the partner they act for. */
export interface Actor {
  userPrincipalName: string;
  applicationId: string;
  partnerId: string;
  roles: Role[];
}

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
