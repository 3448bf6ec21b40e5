import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { validateMessage } from './validation';

class Item {
  @IsString() id!: string;
}
class Order {
  @IsString() orgId!: string;
  @IsInt() @Min(1) quantity!: number;
  @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
}

describe('validateMessage', () => {
  it('returns the typed message when it is valid', () => {
    const result = validateMessage(Order, { orgId: 'o', quantity: 2, items: [{ id: 'a' }] });
    expect(result.ok).toBe(true);
    expect(result.ok && result.message).toBeInstanceOf(Order);
  });

  it('reports every bad field with its path', () => {
    const result = validateMessage(Order, { quantity: 0, items: [{ id: 'a' }, { id: 3 }] });
    expect(result.ok).toBe(false);
    const paths = !result.ok ? result.problems.map((p) => p.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['orgId', 'quantity', 'items[1].id']));
  });

  it.each([null, 'not json', 42, [1, 2]])('refuses %p, which is not an object', (raw) => {
    const result = validateMessage(Order, raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0].path).toBe('');
  });
});
