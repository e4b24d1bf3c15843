import { Actor, GUID, isRole } from '@app/domain';

/**
 * The claims this service reads, named as Microsoft Entra ID names them in its access
 * tokens, so that a partner's existing identity provider can issue them as they are.
 */
export interface AccountTokenClaims {
  /** The acting user. */
  upn: string;
  /** The application acting for the user. */
  appid: string;
  /** The partner's tenant: every command and query is scoped to it. */
  tid: string;
  roles: string[];
}

export class InvalidTokenClaims extends Error {}

/** The actor a verified token speaks for. Roles this service does not know are ignored, as another service's roles would be. */
export function actorFromClaims(claims: Record<string, unknown>): Actor {
  const { upn, appid, tid, roles } = claims;
  const missing = [
    ...(typeof upn !== 'string' || upn.length === 0 || upn.length > 256 ? ['upn (1 to 256 characters)'] : []),
    ...(typeof appid !== 'string' || appid.length === 0 || appid.length > 256 ? ['appid (1 to 256 characters)'] : []),
    ...(typeof tid !== 'string' || !GUID.test(tid) ? ['tid (the partner tenant GUID)'] : []),
    ...(!Array.isArray(roles) || roles.length > 50 || roles.some((role) => typeof role !== 'string')
      ? ['roles (a list of role names)']
      : []),
  ];
  if (missing.length > 0) throw new InvalidTokenClaims(`The token lacks valid claims: ${missing.join(', ')}`);
  return {
    userPrincipalName: upn as string,
    applicationId: appid as string,
    partnerId: (tid as string).toLowerCase(),
    roles: (roles as string[]).filter(isRole),
  };
}

export function claimsOf(actor: Actor): AccountTokenClaims {
  return { upn: actor.userPrincipalName, appid: actor.applicationId, tid: actor.partnerId, roles: [...actor.roles] };
}
