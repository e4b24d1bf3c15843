import { ApiCommandRoute, WRITE_ERRORS } from '../../openapi/api-route';
import { Controller, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { HttpCommandIntake } from '../../http/http-command-intake';
import { registerCustomer } from './register-customer.command';
import { RegisterCustomerRequestDto } from './register-customer.request.dto';

@Controller('customers')
export class RegisterCustomerHttpController {
  constructor(private readonly intake: HttpCommandIntake) {}

  @ApiCommandRoute('RegisterCustomer', { ifMatch: false, body: RegisterCustomerRequestDto, ok: 201, errors: WRITE_ERRORS })
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
