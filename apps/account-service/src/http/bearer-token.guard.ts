import { AuthenticationFailed, BearerTokenVerifier } from '@app/auth';
import { Actor, DomainError, ErrorCodes } from '@app/domain';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { PUBLIC_ROUTE } from '@app/platform';

export type AuthenticatedRequest = Request & { actor?: Actor };

/** Every HTTP route needs a valid bearer token unless it is marked public; the actor rides on the request. */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly verifier: BearerTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    try {
      request.actor = await this.verifier.actorFrom(request.header('authorization'));
    } catch (error) {
      if (error instanceof AuthenticationFailed) throw new DomainError('unauthenticated', ErrorCodes.Unauthenticated, error.message);
      throw error;
    }
    return true;
  }
}
