import { IsArray, IsIn, IsObject, IsString } from 'class-validator';

/**
 * The entity query behind an entity picker: `{ combinator, rules }`. Rules follow the catalog's search
 * syntax (property/operator/value, relatedTo, nested groups) and are stored as given; a rule `value`
 * may be `{ jqQuery }`, which validation compiles.
 */
export class EntityDataset {
  @IsIn(['and', 'or'])
  combinator!: 'and' | 'or';

  @IsObject({ each: true, message: 'each rule must be an object' })
  @IsArray()
  rules!: Array<Record<string, unknown>>;
}

export class EntitySort {
  @IsString()
  property!: string;

  @IsIn(['ASC', 'DESC'])
  order!: 'ASC' | 'DESC';
}
