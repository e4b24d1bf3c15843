import { Controller, Get } from '@nestjs/common';
import { PublicRoute } from '@app/platform';
import { OPENAPI_DOCUMENT } from './openapi-document';

@Controller('openapi.json')
@PublicRoute()
export class OpenApiHttpController {
  @Get()
  document() {
    return OPENAPI_DOCUMENT;
  }
}
