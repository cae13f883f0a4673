import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { IsAmount, IsSlug, IsOneOf } from '../../common/validation';
import {
  DEAL_KINDS,
  SHOCK_TYPES,
  type DealKind,
  type ShockType,
} from '../../contracts';
import {
  HAIRCUT_SELECTORS,
  HaircutSelector,
} from '../domain/scenario.definition';

export { SHOCK_TYPES };

const SELECTORS_MESSAGE = `give exactly one of ${HAIRCUT_SELECTORS.join(', ')}`;

/** A shock whose type is none of ours: only `type` is read, to name it. */
class UnknownShockDto {
  @IsOneOf(SHOCK_TYPES)
  type!: string;
}

export class DefaultShockDto {
  @IsIn(['default'])
  type!: 'default';

  @IsSlug()
  company!: string;

  @IsOptional()
  @IsAmount('rate')
  recoveryRate?: number;
}

export class AssetShockDto {
  @IsIn(['asset-shock'])
  type!: 'asset-shock';

  @IsAmount('rate')
  fraction!: number;

  @IsOptional()
  @IsSlug({ each: true })
  @ArrayNotEmpty({ message: 'must be a non-empty array of company ids' })
  @IsArray({ message: 'must be a non-empty array of company ids' })
  companies?: string[];

  @IsOptional()
  @NotBoth('companies', 'give companies or a sector, not both')
  @IsNotEmpty({ message: 'must be a non-empty string' })
  @IsString({ message: 'must be a non-empty string' })
  sector?: string;
}

export class CancelDealShockDto {
  @IsIn(['cancel-deal'])
  type!: 'cancel-deal';

  @IsSlug()
  deal!: string;
}

/** `{ type: "haircut", fraction, deal | deals | category | kind | buyer | seller }`: exactly one selector. */
export class HaircutShockDto {
  @IsIn(['haircut'])
  type!: 'haircut';

  @IsAmount('rate')
  fraction!: number;

  // Checked even when absent, so a haircut with no selector is named at `deal` (its first form).
  @ValidateIf(
    (o: HaircutShockDto) => o.deal !== undefined || selectorsOf(o).length === 0,
  )
  @IsSlug()
  @OneSelector('deal')
  deal?: string;

  @IsOptional()
  @IsSlug({ each: true })
  @ArrayNotEmpty({ message: 'must be a non-empty array of deal ids' })
  @IsArray({ message: 'must be a non-empty array of deal ids' })
  @OneSelector('deals')
  deals?: string[];

  @IsOptional()
  @IsNotEmpty({ message: 'must be a non-empty string' })
  @IsString({ message: 'must be a non-empty string' })
  @OneSelector('category')
  category?: string;

  @IsOptional()
  @IsOneOf(DEAL_KINDS)
  @OneSelector('kind')
  kind?: DealKind;

  @IsOptional()
  @IsSlug()
  @OneSelector('buyer')
  buyer?: string;

  @IsOptional()
  @IsSlug()
  @OneSelector('seller')
  seller?: string;
}

/** The DTO of each shock type of the contract (a type added there needs its class here). */
const SHOCK_DTO = {
  default: DefaultShockDto,
  'asset-shock': AssetShockDto,
  'cancel-deal': CancelDealShockDto,
  haircut: HaircutShockDto,
} as const satisfies Record<ShockType, new () => object>;

export type ShockDto =
  DefaultShockDto | AssetShockDto | CancelDealShockDto | HaircutShockDto;

/**
 * Each shock read as the class of its `type` (an unknown type as UnknownShockDto, which names it);
 * anything but an object is left as it is for `IsObject` to refuse.
 */
export function ShocksByType(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((item: unknown) => {
          if (item === null || typeof item !== 'object' || Array.isArray(item))
            return item;
          const type = (item as { type?: unknown }).type;
          const dto =
            typeof type === 'string' && type in SHOCK_DTO
              ? SHOCK_DTO[type as keyof typeof SHOCK_DTO]
              : UnknownShockDto;
          return plainToInstance<object, unknown>(dto, item, {
            enableImplicitConversion: false,
          });
        })
      : value,
  );
}

function selectorsOf(o: object): HaircutSelector[] {
  return HAIRCUT_SELECTORS.filter(
    (k) => (o as Record<string, unknown>)[k] !== undefined,
  );
}

/** The selector is the only one given (with two, the second is named). */
function OneSelector(selector: HaircutSelector): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'oneSelector',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: SELECTORS_MESSAGE },
      validator: {
        validate: (_value: unknown, args) => {
          const given = selectorsOf(args?.object ?? {});
          return given.length === 0
            ? selector !== 'deal'
            : given[0] === selector;
        },
      },
    });
}

/** This field and `other` exclude each other. */
function NotBoth(other: string, message: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notBoth',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message },
      validator: {
        validate: (_value: unknown, args) =>
          (args?.object as Record<string, unknown>)[other] === undefined,
      },
    });
}
