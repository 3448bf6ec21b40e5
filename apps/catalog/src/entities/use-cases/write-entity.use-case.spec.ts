import { postWriteMode } from './write-entity.use-case';

describe('postWriteMode', () => {
  it('creates unless asked to upsert', () => {
    expect(postWriteMode({})).toBe('create');
    expect(postWriteMode({ upsert: false, merge: true })).toBe('create');
  });

  it('merges on upsert unless merge=false asks to replace', () => {
    expect(postWriteMode({ upsert: true })).toBe('upsert-merge');
    expect(postWriteMode({ upsert: true, merge: true })).toBe('upsert-merge');
    expect(postWriteMode({ upsert: true, merge: false })).toBe('upsert-replace');
  });
});
