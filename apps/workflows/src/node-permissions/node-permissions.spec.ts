import { plainToInstance } from 'class-transformer';
import { NodePermissionsDto } from './dto/node-permissions.dto';
import { toStoredPermissions } from './node-permissions';

describe('node permissions', () => {
  it('stores what was sent, without fields that were not', () => {
    const dto = plainToInstance(NodePermissionsDto, {
      combinator: 'and',
      rules: [{ property: { context: 'user', property: 'department' }, operator: '=', value: 'eng' }],
    });
    expect(toStoredPermissions(dto)).toEqual({
      combinator: 'and',
      rules: [{ property: { context: 'user', property: 'department' }, operator: '=', value: 'eng' }],
    });
  });
});
