import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { AddressDto, AddressPatchDto } from './address.dto';
import { OptionalField } from './optional-field';

@ApiSchema({ name: 'BillingProfile' })
export class BillingProfileDto {
  @ApiProperty({ example: 'Alex' }) @IsString() firstName: string;
  @ApiPropertyOptional({ example: 'J.' }) @OptionalField() @IsString() middleName?: string;
  @ApiProperty({ example: 'Wilber' }) @IsString() lastName: string;
  @ApiProperty({ example: 'alex@contoso.com' }) @IsString() email: string;
  @ApiProperty({ example: 'en-US' }) @IsString() culture: string;
  @ApiProperty({ example: 'en' }) @IsString() language: string;
  @ApiProperty({ example: 'Contoso' }) @IsString() companyName: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => AddressDto) defaultAddress: AddressDto;
}

/** A merge patch (RFC 7396) of a billing profile. */
@ApiSchema({ name: 'BillingProfilePatch' })
export class BillingProfilePatchDto {
  @ApiPropertyOptional({ type: String, example: 'Alex' }) @IsOptional() @IsString() firstName?: string | null;
  @ApiPropertyOptional({ type: String, example: 'J.' }) @IsOptional() @IsString() middleName?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Wilber' }) @IsOptional() @IsString() lastName?: string | null;
  @ApiPropertyOptional({ type: String, example: 'alex@contoso.com' }) @IsOptional() @IsString() email?: string | null;
  @ApiPropertyOptional({ type: String, example: 'en-US' }) @IsOptional() @IsString() culture?: string | null;
  @ApiPropertyOptional({ type: String, example: 'en' }) @IsOptional() @IsString() language?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Contoso' }) @IsOptional() @IsString() companyName?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressPatchDto) defaultAddress?: AddressPatchDto | null;
}
