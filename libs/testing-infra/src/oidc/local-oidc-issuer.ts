import { randomBytes } from 'node:crypto';
import http, { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, type KeyLike, SignJWT } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

export interface UserTokenOptions {
  /** Lifetime from now in seconds; negative gives an expired token. Default 600. */
  expiresInSeconds?: number;
  /** Default the issuer's own URL. */
  audience?: string;
  /** Sign with a fresh key the JWKS does not hold, under the current key's `kid` (a bad signature). */
  forgeSignature?: boolean;
}

/**
 * An OpenID Connect issuer for tests: a small HTTP server on 127.0.0.1 with a discovery document and a
 * JWKS endpoint, signing RS256 user tokens with chosen claims. `rotateKey()` starts signing with a new
 * key (published beside the old one unless told to retire it), as identity providers rotate.
 */
export class LocalOidcIssuer {
  private keys: SigningKey[] = [];
  /** How many times the key set was fetched (to see caching). */
  jwksFetches = 0;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
  ) {}

  static async start(): Promise<LocalOidcIssuer> {
    const started: { issuer?: LocalOidcIssuer } = {};
    const server = http.createServer((req, res) => started.issuer?.answer(req.url ?? '/', res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const issuer = new LocalOidcIssuer(server, `http://127.0.0.1:${port}`);
    started.issuer = issuer;
    await issuer.rotateKey();
    return issuer;
  }

  get jwksUri(): string {
    return `${this.issuer}/jwks`;
  }

  /** The `kid`s published now, newest last. */
  get publishedKeyIds(): string[] {
    return this.keys.map((key) => key.kid);
  }

  /** Signs with a new key from now on; the old keys stay published unless `retireOld`. */
  async rotateKey(options: { retireOld?: boolean } = {}): Promise<string> {
    const key = await newKey();
    this.keys = options.retireOld ? [key] : [...this.keys, key];
    return key.kid;
  }

  /** A user token: `sub` and the other claims as given, `iss`, `aud`, `iat` and `exp` set here. */
  async sign(claims: JWTPayload, options: UserTokenOptions = {}): Promise<string> {
    const current = this.keys[this.keys.length - 1];
    const privateKey = options.forgeSignature ? (await newKey()).privateKey : current.privateKey;
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = options.expiresInSeconds ?? 600;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: current.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(options.audience ?? this.issuer)
      .setIssuedAt(expiresIn < 0 ? now + expiresIn - 60 : now)
      .setExpirationTime(now + expiresIn)
      .sign(privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(url: string, res: http.ServerResponse): void {
    const path = url.split('?')[0];
    if (path === '/.well-known/openid-configuration') {
      return json(res, {
        issuer: this.issuer,
        jwks_uri: this.jwksUri,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === '/jwks') {
      this.jwksFetches += 1;
      return json(res, { keys: this.keys.map((key) => key.publicJwk) });
    }
    res.writeHead(404).end();
  }
}

async function newKey(): Promise<SigningKey> {
  const kid = randomBytes(8).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

function json(res: http.ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
