import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { OptionalField } from './optional-field';

// Shapes and types only: the lengths, patterns and per-country rules are the domain's.

@ApiSchema({
  name: 'Address',
  description:
    'Lengths, state lists, postal-code patterns and the countries that require a phone number are the rules of docs/domain.md; breaking one is a 400 naming the field.',
})
export class AddressDto {
  @ApiProperty({ example: 'US' }) @IsString() country: string;
  @ApiProperty({ example: '1 Microsoft Way' }) @IsString() addressLine1: string;
  @ApiPropertyOptional({ example: 'Building 92' }) @OptionalField() @IsString() addressLine2?: string;
  @ApiPropertyOptional({ example: 'Floor 3' }) @OptionalField() @IsString() addressLine3?: string;
  @ApiPropertyOptional({ example: 'Redmond' }) @OptionalField() @IsString() city?: string;
  @ApiPropertyOptional({ example: 'Overlake' }) @OptionalField() @IsString() district?: string;
  @ApiPropertyOptional({ example: 'WA' }) @OptionalField() @IsString() state?: string;
  @ApiPropertyOptional({ example: '98052' }) @OptionalField() @IsString() postalCode?: string;
  @ApiPropertyOptional({ example: 'Pacific Northwest' }) @OptionalField() @IsString() region?: string;
  @ApiProperty({ example: 'Alex' }) @IsString() firstName: string;
  @ApiProperty({ example: 'Wilber' }) @IsString() lastName: string;
  @ApiPropertyOptional({ example: '+1 425 555 0100' }) @OptionalField() @IsString() phoneNumber?: string;
}

/** A merge patch of an address: every field optional, null removes. */
@ApiSchema({ name: 'AddressPatch' })
export class AddressPatchDto {
  @ApiPropertyOptional({ type: String, example: 'US' }) @IsOptional() @IsString() country?: string | null;
  @ApiPropertyOptional({ type: String, example: '1 Microsoft Way' }) @IsOptional() @IsString() addressLine1?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Building 92' }) @IsOptional() @IsString() addressLine2?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Floor 3' }) @IsOptional() @IsString() addressLine3?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Redmond' }) @IsOptional() @IsString() city?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Overlake' }) @IsOptional() @IsString() district?: string | null;
  @ApiPropertyOptional({ type: String, example: 'WA' }) @IsOptional() @IsString() state?: string | null;
  @ApiPropertyOptional({ type: String, example: '98052' }) @IsOptional() @IsString() postalCode?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Pacific Northwest' }) @IsOptional() @IsString() region?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Alex' }) @IsOptional() @IsString() firstName?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Wilber' }) @IsOptional() @IsString() lastName?: string | null;
  @ApiPropertyOptional({ type: String, example: '+1 425 555 0100' }) @IsOptional() @IsString() phoneNumber?: string | null;
}
