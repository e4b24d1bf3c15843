import { mintLocalToken } from '@app/auth';
import { loadAuthConfig } from '@app/config';
import { GUID, isRole, ROLES } from '@app/domain';
import { parseOptions } from './cli-options';

const DEFAULT_TTL_SECONDS = 3600;

/**
 * Mints a bearer token signed with the service's shared secret (AUTH_JWT_SECRET), for local
 * runs and scripts. Prints the token alone, so that `$(...)` captures it. Returns an error
 * message for a usage mistake.
 */
export function mintTokenCommand(args: string[], out: (line: string) => void): string | undefined {
  const parsed = parseOptions(args, ['partner', 'roles', 'user', 'app', 'ttl']);
  if (!parsed.ok) return parsed.error;
  const { partner, roles = '', user = 'local-user@partner.example', app = 'account-cli', ttl } = parsed.values;
  if (parsed.positional.length > 0) return `token takes no positional arguments (got ${parsed.positional.join(' ')})`;
  if (!partner || !GUID.test(partner)) return '--partner takes the partner tenant id (a GUID)';
  const roleList = roles
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  if (roleList.length === 0 || !roleList.every(isRole)) return `--roles takes a comma-separated list of ${ROLES.join(', ')}`;
  const expiresIn = ttl === undefined ? DEFAULT_TTL_SECONDS : Number(ttl);
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 86_400) return '--ttl takes whole seconds from 1 to 86400';
  const config = loadAuthConfig();
  if (config.keys.kind !== 'secret')
    return 'token signs with AUTH_JWT_SECRET; with a public key or JWKS configured, tokens come from your identity provider';
  out(
    mintLocalToken(
      { partnerId: partner.toLowerCase(), roles: roleList.filter(isRole), userPrincipalName: user, applicationId: app },
      {
        secret: config.keys.secret,
        issuer: config.issuer,
        audience: config.audience,
        expiresIn,
      },
    ),
  );
  return undefined;
}
