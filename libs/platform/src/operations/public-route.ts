import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'public-route';

/** Served without a bearer token: health probes and static pages that hold no account data. */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
