import { IsOptional, IsString } from 'class-validator';
import { OptionalField } from './optional-field';

// Shapes and types only: the lengths, patterns and per-country rules are the domain's.

export class AddressDto {
  @IsString() country: string;
  @IsString() addressLine1: string;
  @OptionalField() @IsString() addressLine2?: string;
  @OptionalField() @IsString() addressLine3?: string;
  @OptionalField() @IsString() city?: string;
  @OptionalField() @IsString() district?: string;
  @OptionalField() @IsString() state?: string;
  @OptionalField() @IsString() postalCode?: string;
  @OptionalField() @IsString() region?: string;
  @IsString() firstName: string;
  @IsString() lastName: string;
  @OptionalField() @IsString() phoneNumber?: string;
}

/** A merge patch of an address: every field optional, null removes. */
export class AddressPatchDto {
  @IsOptional() @IsString() country?: string | null;
  @IsOptional() @IsString() addressLine1?: string | null;
  @IsOptional() @IsString() addressLine2?: string | null;
  @IsOptional() @IsString() addressLine3?: string | null;
  @IsOptional() @IsString() city?: string | null;
  @IsOptional() @IsString() district?: string | null;
  @IsOptional() @IsString() state?: string | null;
  @IsOptional() @IsString() postalCode?: string | null;
  @IsOptional() @IsString() region?: string | null;
  @IsOptional() @IsString() firstName?: string | null;
  @IsOptional() @IsString() lastName?: string | null;
  @IsOptional() @IsString() phoneNumber?: string | null;
}
