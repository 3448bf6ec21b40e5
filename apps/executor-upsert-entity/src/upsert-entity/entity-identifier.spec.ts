import { generatedEntityIdentifier, writeChainDepth } from './entity-identifier';

describe('generatedEntityIdentifier', () => {
  it('is stable for a node run (every attempt upserts the same entity) and has the catalog shape', () => {
    const id = generatedEntityIdentifier('org_a', 'wfnr_AAAAAAAAAAAAAAAA');
    expect(id).toMatch(/^e_[0-9a-f]{16}$/);
    expect(generatedEntityIdentifier('org_a', 'wfnr_AAAAAAAAAAAAAAAA')).toBe(id);
  });

  it('differs between node runs and between orgs', () => {
    const id = generatedEntityIdentifier('org_a', 'wfnr_AAAAAAAAAAAAAAAA');
    expect(generatedEntityIdentifier('org_a', 'wfnr_BBBBBBBBBBBBBBBB')).not.toBe(id);
    expect(generatedEntityIdentifier('org_b', 'wfnr_AAAAAAAAAAAAAAAA')).not.toBe(id);
  });
});

describe('writeChainDepth', () => {
  it("is the run's chain depth plus one, a run without one counting as 0", () => {
    expect(writeChainDepth(undefined)).toBe(1);
    expect(writeChainDepth(0)).toBe(1);
    expect(writeChainDepth(4)).toBe(5);
  });
});
