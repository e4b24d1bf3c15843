import { Controller, Get } from '@nestjs/common';
import { PublicRoute } from '@app/platform';
import { ApiPublicRoute } from './api-route';
import OPENAPI_DOCUMENT from './openapi.json';

@Controller('openapi.json')
@PublicRoute()
export class OpenApiHttpController {
  @ApiPublicRoute('This document')
  @Get()
  document() {
    return OPENAPI_DOCUMENT;
  }
}
