import { PublicRoute } from '@app/platform';
import { Controller, Get } from '@nestjs/common';
import { ASYNCAPI_DOCUMENT } from './asyncapi-document';

@Controller('asyncapi.json')
@PublicRoute()
export class AsyncApiHttpController {
  @Get()
  document() {
    return ASYNCAPI_DOCUMENT;
  }
}
