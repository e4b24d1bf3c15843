import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { OptionalField } from './optional-field';

@ApiSchema({ name: 'CompanyProfile' })
export class CompanyProfileDto {
  @ApiProperty({ example: 'contoso.onmicrosoft.com' }) @IsString() domain: string;
  @ApiProperty({ example: 'Contoso' }) @IsString() companyName: string;
  @ApiPropertyOptional({ description: 'Only for AM AZ BY HU KZ KG MD RU TJ UZ UA, and required there' })
  @OptionalField()
  @IsString()
  organizationRegistrationNumber?: string;
}

/** The company details that may change; the tenant id and the domain are fixed at registration. */
@ApiSchema({ name: 'CompanyProfilePatch' })
export class CompanyProfilePatchDto {
  @ApiPropertyOptional({ type: String, example: 'Contoso' }) @IsOptional() @IsString() companyName?: string | null;
  @IsOptional() @IsString() organizationRegistrationNumber?: string | null;
}
