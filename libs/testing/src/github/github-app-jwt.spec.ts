import { createSign, generateKeyPairSync } from 'node:crypto';
import { verifyAppJwt } from './github-app-jwt';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});
const NOW = 1_767_225_600;

function jwt(payload: object, privateKey = keys.privateKey, alg = 'RS256'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg, typ: 'JWT' })}.${part(payload)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

describe('verifyAppJwt', () => {
  const valid = { iat: NOW - 30, exp: NOW + 570, iss: 424242 };

  it('accepts an RS256 JWT signed with the app key, issued by the app id, not expired', () => {
    expect(verifyAppJwt(jwt(valid), keys.publicKey, '424242', NOW)).toEqual({ ok: true, appId: '424242' });
  });

  it('refuses another key, another app, an expired or too long-lived token, and garbage', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const reason = (token: string) => {
      const check = verifyAppJwt(token, keys.publicKey, 424242, NOW);
      return check.ok ? 'accepted' : check.reason;
    };
    expect(reason(jwt(valid, other.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string))).toBe(
      'bad signature',
    );
    expect(reason(jwt({ ...valid, iss: 1 }))).toBe('iss 1');
    expect(reason(jwt({ ...valid, exp: NOW - 1 }))).toBe('expired');
    expect(reason(jwt({ ...valid, exp: NOW + 3600 }))).toBe('lifetime over 10 minutes');
    expect(reason(jwt({ ...valid, iat: NOW + 120, exp: NOW + 300 }))).toBe('issued in the future');
    expect(reason(jwt(valid, keys.privateKey, 'HS256'))).toBe('unsupported alg HS256');
    expect(reason('ghs_token')).toBe('not a JWT');
  });
});
