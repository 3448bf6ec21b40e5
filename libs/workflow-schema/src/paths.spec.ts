import { cloneJson, jsonEquals } from './json';
import { childPath, isWithinPath, joinPath } from './paths';

describe('paths', () => {
  it('writes indexes in brackets, plain keys with dots and other keys quoted', () => {
    expect(joinPath('nodes', 2, 'config', 'options', 0, 'expression')).toBe(
      'nodes[2].config.options[0].expression',
    );
    expect(childPath('headers', 'X-Run-Id')).toBe('headers["X-Run-Id"]');
    expect(childPath('properties', 'a.b')).toBe('properties["a.b"]');
    expect(childPath('', 'identifier')).toBe('identifier');
  });

  it('tells whether a path lies under another', () => {
    expect(isWithinPath('nodes[1].config', 'nodes[1]')).toBe(true);
    expect(isWithinPath('nodes[1]', 'nodes[1]')).toBe(true);
    expect(isWithinPath('nodes[10]', 'nodes[1]')).toBe(false);
    expect(isWithinPath('anything', '')).toBe(true);
  });
});

describe('json helpers', () => {
  it('compares JSON structurally', () => {
    expect(jsonEquals({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEquals({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEquals([1], { 0: 1 })).toBe(false);
  });

  it('copies deeply without sharing', () => {
    const original = { a: [{ b: 1 }] };
    const copy = cloneJson(original);
    copy.a[0].b = 2;
    expect(original.a[0].b).toBe(1);
  });
});
