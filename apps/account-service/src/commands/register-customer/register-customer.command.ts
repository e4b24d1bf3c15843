import { CommandMetadata, RegisterCustomer } from '@app/domain';
import { RegisterCustomerPayloadDto } from './register-customer.request.dto';

export function registerCustomer(customerId: string, payload: RegisterCustomerPayloadDto, metadata: CommandMetadata): RegisterCustomer {
  return {
    type: 'RegisterCustomer',
    data: { customerId: customerId.toLowerCase(), companyProfile: payload.companyProfile, billingProfile: payload.billingProfile },
    metadata,
  };
}
