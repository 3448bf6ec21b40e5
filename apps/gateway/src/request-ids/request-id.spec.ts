import { requestIdFor } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it.each(['abc-123', 'req_01HZX.4:7', '3f1c2a9e-8d3b-4b7e-9a52-0c6f1e2d3b4a', 'a'.repeat(128)])(
    'keeps the sane caller id %p',
    (id) => {
      expect(requestIdFor(id)).toBe(id);
    },
  );

  it('takes the first of repeated headers', () => {
    expect(requestIdFor(['first-id', 'second-id'])).toBe('first-id');
  });

  it.each([undefined, '', 'a'.repeat(129), 'has space', 'line\nbreak', '<script>', 'ünïcode'])(
    'generates a fresh id instead of %p',
    (header) => {
      const id = requestIdFor(header);
      expect(id).toMatch(UUID);
      expect(requestIdFor(header)).not.toBe(id);
    },
  );
});
