import { IsOptional, IsString } from 'class-validator';
import { OptionalField } from './optional-field';

export class CompanyProfileDto {
  @IsString() domain: string;
  @IsString() companyName: string;
  @OptionalField() @IsString() organizationRegistrationNumber?: string;
}

/** The company details that may change; the tenant id and the domain are fixed at registration. */
export class CompanyProfilePatchDto {
  @IsOptional() @IsString() companyName?: string | null;
  @IsOptional() @IsString() organizationRegistrationNumber?: string | null;
}
