import { findSecretReferences } from './secret-references';

describe('findSecretReferences', () => {
  it('finds .secrets.NAME and .secrets["NAME"] in any string of the config', () => {
    const config = {
      type: 'WEBHOOK',
      url: 'https://api.example.com/{{ .secrets.PATH_TOKEN }}/x',
      headers: { Authorization: 'Bearer {{ .secrets["api-token"] }}' },
      body: { items: [{ key: '{{ .secrets.NESTED }}' }], plain: 'no templates: .secrets.NOT_A_TEMPLATE' },
    };
    expect(findSecretReferences(config)).toEqual(['PATH_TOKEN', 'api-token', 'NESTED']);
  });

  it('reads every jq spelling of a named field', () => {
    const spellings = [
      '{{ .secrets.A }}',
      '{{ .secrets."B" }}',
      '{{ .secrets.["C"] }}',
      '{{ .secrets [ "D" ] }}',
      '{{ .secrets?.E }}',
      '{{ .secrets .F }}',
      '{{ .secrets["with \\"quote"] }}',
    ];
    expect(findSecretReferences({ all: spellings })).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'with "quote']);
  });

  it('finds several references in one expression and in object keys, once each', () => {
    const config = {
      '{{ .secrets.KEY_NAME }}': 'x',
      a: '{{ .secrets.ONE + ":" + .secrets["TWO"] }}',
      b: 'again {{ .secrets.ONE }}',
    };
    expect(findSecretReferences(config)).toEqual(['KEY_NAME', 'ONE', 'TWO']);
  });

  it('ignores names it cannot know in advance and text outside templates', () => {
    const config = {
      dynamic: '{{ .secrets[.outputs.trigger.name] }}',
      interpolated: '{{ .secrets["\\(.outputs.x)"] }}',
      everything: '{{ .secrets | keys }}',
      outside: '.secrets.OUTSIDE {{ .outputs.secrets }}',
      output: '{{ .outputs.secrets.NOT_A_SECRET }}',
      variable: '{{ . as $c | $c.secrets.NOT_EITHER }}',
    };
    expect(findSecretReferences(config)).toEqual([]);
  });

  it('gives nothing for configs without templates or non-string leaves', () => {
    expect(findSecretReferences({ a: 1, b: true, c: null, d: ['x'] })).toEqual([]);
    expect(findSecretReferences(null)).toEqual([]);
  });
});
