import { ApiAuditRoute, ApiPublicRoute, ApiRoute } from '../../openapi/api-route';
import { MAY_AUDIT } from '@app/domain';
import { Actor, authorizeAudit } from '@app/domain';
import { Digester, DigestStore, SigningKey } from '@app/integrity';
import { PublicRoute } from '@app/platform';
import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { Response } from 'express';
import { Acting } from '../../http/request-context';
import { AuditReads } from '../../audit/audit-reads';

/**
 * The signed digests of the partner's streams, for an auditor to keep a copy of and check
 * offline with the public key; and a digest on demand, before an audit.
 */
@Controller('audit')
export class IntegrityDigestsHttpController {
  constructor(
    private readonly digests: DigestStore,
    private readonly digester: Digester,
    private readonly key: SigningKey,
    private readonly reads: AuditReads,
  ) {}

  @ApiAuditRoute(
    "The partner's signed digests of its streams' heads, as JSON lines: an auditor's copy, checked offline with the public key",
    [401, 403, 503],
  )
  @Get('digests')
  async list(@Acting() actor: Actor, @Res({ passthrough: true }) response: Response) {
    await this.reads.guarded(actor, 'digests', {}, async () => authorizeAudit(actor));
    response.setHeader('Content-Type', 'application/x-ndjson');
    response.setHeader('Cache-Control', 'no-store');
    const digests = await this.digests.all(actor.partnerId);
    await this.reads.answered(actor, 'digests', {}, digests.length);
    return digests.map((digest) => `${JSON.stringify(digest)}\n`).join('');
  }

  /** Signs what changed up to now, for every partner; answers with the caller's partner's new digest, if any changed. */
  @ApiRoute({
    summary: "Sign the heads that changed since the last digest, now; answers with the partner's new digest, if any",
    roles: MAY_AUDIT,
    ok: { status: 201 },
    errors: [400, 401, 403, 413, 415, 503],
  })
  @Post('digests')
  @HttpCode(201)
  async issue(@Acting() actor: Actor) {
    authorizeAudit(actor);
    const issued = await this.digester.issue();
    return { digests: issued.filter((digest) => digest.partnerId === actor.partnerId) };
  }

  /** Public: what verifies the signatures, and nothing that makes one. */
  @ApiPublicRoute('The Ed25519 public key that verifies digests and export manifests (and its key id)')
  @Get('public-key')
  @PublicRoute()
  publicKey() {
    return { keyId: this.key.keyId, algorithm: 'Ed25519', publicKeyPem: this.key.verifier.pem };
  }
}
