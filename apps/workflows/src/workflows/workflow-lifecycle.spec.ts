import { decideCreate, decideUpdate } from './workflow-lifecycle';

describe('workflow lifecycle', () => {
  it('creates a new identifier at version 1', () => {
    expect(decideCreate(null)).toEqual({ kind: 'create', version: 1 });
  });

  it('refuses to create over a live workflow', () => {
    expect(decideCreate({ latestVersion: 3, isDeleted: false })).toEqual({ kind: 'conflict' });
  });

  it('revives a deleted workflow with the next version, never reusing a number', () => {
    expect(decideCreate({ latestVersion: 3, isDeleted: true })).toEqual({ kind: 'revive', version: 4 });
  });

  it('bumps the version on every update', () => {
    expect(decideUpdate({ latestVersion: 1, isDeleted: false })).toEqual({ kind: 'update', version: 2 });
    expect(decideUpdate({ latestVersion: 41, isDeleted: false })).toEqual({ kind: 'update', version: 42 });
  });

  it('cannot update what does not exist or was deleted', () => {
    expect(decideUpdate(null)).toEqual({ kind: 'not_found' });
    expect(decideUpdate({ latestVersion: 2, isDeleted: true })).toEqual({ kind: 'not_found' });
  });
});
