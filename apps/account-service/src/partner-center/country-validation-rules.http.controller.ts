import { COUNTRY_CODES, countryRulesOf, DomainError, ErrorCodes, ROLES } from '@app/domain';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ApiRoute } from '../openapi/api-route';
import { CountryValidationRulesDto, PartnerCenterErrorDto } from './partner-center-resources.dto';

/** The country table the domain judges addresses by, served as Partner Center serves its own. */
@Controller('v1/countryvalidationrules')
export class CountryValidationRulesHttpController {
  @ApiRoute({
    summary: "A country's address and profile rules, as the domain applies them, in Partner Center's shape; any authenticated caller",
    roles: ROLES,
    ok: { status: 200, type: CountryValidationRulesDto },
    errors: [400, 401, 404],
    errorBody: PartnerCenterErrorDto,
  })
  @ApiParam({ name: 'country', description: 'An ISO 3166-1 alpha-2 code, in either case', example: 'US' })
  @Get(':country')
  rules(@Param('country') country: string): CountryValidationRulesDto {
    const code = country.toUpperCase();
    if (!/^[A-Z]{2}$/.test(code)) throw DomainError.invalidField('country', 'must be an ISO 3166-1 alpha-2 country code');
    if (!COUNTRY_CODES.has(code)) throw new DomainError('not-found', ErrorCodes.InvalidRequestInput, `'${code}' is not a country we know`);
    const rules = countryRulesOf(code);
    return {
      iso2Code: rules.iso2Code,
      defaultCulture: rules.defaultCulture,
      isStateRequired: rules.isStateRequired,
      supportedStatesList: [...rules.supportedStates],
      supportedLanguagesList: [...rules.supportedLanguages],
      supportedCulturesList: [...rules.supportedCultures],
      isPostalCodeRequired: rules.isPostalCodeRequired,
      ...(rules.postalCodePattern && { postalCodeRegex: rules.postalCodePattern.source }),
      isCityRequired: rules.isCityRequired,
      countryCallingCodesList: [...rules.countryCallingCodes],
      isPhoneNumberRequired: rules.isPhoneNumberRequired,
      isOrganizationRegistrationNumberRequired: rules.isOrganizationRegistrationNumberRequired,
      attributes: { objectType: 'CountryValidationRules' },
    };
  }
}
