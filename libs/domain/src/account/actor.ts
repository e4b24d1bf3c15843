export const ROLES = ['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin', 'BillingAdmin', 'Auditor'] as const;
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
