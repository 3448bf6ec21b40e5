import { inspectInput } from './input-shape';

describe('inspectInput', () => {
  it('accepts plain JSON data and bounds its size', () => {
    const value = { a: [1, 'é', null, true], b: { c: 'x' } };
    const shape = inspectInput(value);
    const bytes = Buffer.byteLength(JSON.stringify(value));
    expect(shape.plain).toBe(true);
    expect(shape.minBytes).toBeLessThanOrEqual(bytes);
    expect(shape.maxBytes).toBeGreaterThanOrEqual(bytes);
  });

  it.each([
    ['undefined members', { a: undefined }],
    ['array holes', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['-0', -0],
    ['NaN', NaN],
    ['dates', new Date(0)],
    ['lone surrogates', '\ud800'],
    ['functions', { f: () => 1 }],
  ])('sends %s through JSON text instead', (_name, value) => {
    expect(inspectInput(value).plain).toBe(false);
  });
});
