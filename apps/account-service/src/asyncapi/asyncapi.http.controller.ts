import { ApiPublicRoute } from '../openapi/api-route';
import { PublicRoute } from '@app/platform';
import { Controller, Get } from '@nestjs/common';
import { ASYNCAPI_DOCUMENT } from './asyncapi-document';

@Controller('asyncapi.json')
@PublicRoute()
export class AsyncApiHttpController {
  @ApiPublicRoute('The Kafka topics and messages, as AsyncAPI 3.0')
  @Get()
  document() {
    return ASYNCAPI_DOCUMENT;
  }
}
