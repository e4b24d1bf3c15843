import { CommandMetadata, ForgetCustomerPersonalData } from '@app/domain';

export function forgetCustomerPersonalData(customerId: string, metadata: CommandMetadata): ForgetCustomerPersonalData {
  return { type: 'ForgetCustomerPersonalData', data: { customerId }, metadata };
}
