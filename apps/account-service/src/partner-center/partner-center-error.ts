import { Problem } from '../problems/problem';

/** Partner Center's error body, which its SDKs and integrations parse: the same code and text as our problem details. */
export interface PartnerCenterError {
  code: number;
  description: string;
  /** One line per field error, `field: reason`; never the value. */
  data: string[];
  source: string;
}

export const PARTNER_CENTER_ROUTES = '/v1/';

export function partnerCenterErrorOf(problem: Problem): PartnerCenterError {
  return {
    code: problem.code,
    description: problem.detail,
    data: problem.errors.map((error) => `${error.field}: ${error.reason}`),
    source: 'customer-account',
  };
}
