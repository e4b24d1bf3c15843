import { ApiRoute, WRITE_ERRORS } from '../../openapi/api-route';
import { COMMAND_HEADERS } from '../../openapi/api-headers';
import { CommandResultDto } from '../../openapi/command-result.dto';
import { MAY_ISSUE } from '@app/domain';
import { Controller, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { HttpCommandIntake } from '../../http/http-command-intake';
import { registerCustomer } from './register-customer.command';
import { RegisterCustomerRequestDto } from './register-customer.request.dto';

@Controller('customers')
export class RegisterCustomerHttpController {
  constructor(private readonly intake: HttpCommandIntake) {}

  @ApiRoute({
    summary: 'RegisterCustomer',
    roles: MAY_ISSUE.RegisterCustomer,
    headers: [...COMMAND_HEADERS],
    body: RegisterCustomerRequestDto,
    ok: { status: 201, type: CommandResultDto },
    errors: WRITE_ERRORS,
  })
  @Post()
  register(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'RegisterCustomer', body: RegisterCustomerRequestDto, requireIfMatch: false },
      (body, metadata) => registerCustomer(body.customerId, body, metadata),
    );
  }
}
