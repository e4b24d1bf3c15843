import { ApiPublicRoute } from '../openapi/api-route';
import { Controller, Get, Header } from '@nestjs/common';
import { PublicRoute } from '@app/platform';
import { AUDIT_CONSOLE_HTML, AUDIT_CONSOLE_SCRIPT } from './audit-console.page';

/** The page and its script come from this service only; the page reaches nothing else. */
const POLICY =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'";

/** Public: the page holds no data; the auditor pastes a bearer token, which its calls to the API carry. */
@Controller('audit/console')
@PublicRoute()
export class AuditConsoleHttpController {
  @ApiPublicRoute('The audit console page')
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', POLICY)
  page(): string {
    return AUDIT_CONSOLE_HTML;
  }

  @ApiPublicRoute("The audit console's script")
  @Get('app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Content-Security-Policy', POLICY)
  script(): string {
    return AUDIT_CONSOLE_SCRIPT;
  }
}
