import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { AddressDto, AddressPatchDto } from './address.dto';
import { OptionalField } from './optional-field';

export class BillingProfileDto {
  @IsString() firstName: string;
  @OptionalField() @IsString() middleName?: string;
  @IsString() lastName: string;
  @IsString() email: string;
  @IsString() culture: string;
  @IsString() language: string;
  @IsString() companyName: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => AddressDto) defaultAddress: AddressDto;
}

/** A merge patch (RFC 7396) of a billing profile. */
export class BillingProfilePatchDto {
  @IsOptional() @IsString() firstName?: string | null;
  @IsOptional() @IsString() middleName?: string | null;
  @IsOptional() @IsString() lastName?: string | null;
  @IsOptional() @IsString() email?: string | null;
  @IsOptional() @IsString() culture?: string | null;
  @IsOptional() @IsString() language?: string | null;
  @IsOptional() @IsString() companyName?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressPatchDto) defaultAddress?: AddressPatchDto | null;
}
