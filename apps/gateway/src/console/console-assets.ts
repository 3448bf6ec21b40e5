import fs from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { type INestApplication, Logger } from '@nestjs/common';
import { type GatewayConfig } from '../gateway.config';

const PREFIX = '/console';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

type Next = (error?: unknown) => void;

/**
 * Serves the console's built files at /console/: the page calls the public API on the same origin with
 * the caller's bearer token, so the gateway is its only server. Files are read from one folder, by
 * their path below it only; everything else under /console/ is the page itself (it routes by hash).
 */
export class ConsoleAssets {
  constructor(private readonly root: string | undefined) {}

  handle(req: IncomingMessage, res: ServerResponse, next: Next): void {
    const urlPath = (req.url ?? '/').split('?')[0];
    if (urlPath !== PREFIX && !urlPath.startsWith(`${PREFIX}/`)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (urlPath === PREFIX) {
      res.writeHead(308, { location: `${PREFIX}/` }).end();
      return;
    }
    if (!this.root) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The console is not built: run `npm run build` (or set CONSOLE_DIR).');
      return;
    }
    const file = this.fileFor(decoded(urlPath.slice(PREFIX.length + 1)));
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    // Hashed asset names never change content; the page itself must always be fresh.
    const cache = file.includes(`${path.sep}assets${path.sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
    res.writeHead(200, { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file).on('error', next).pipe(res);
  }

  /** The file a path names when it is a file inside the root, else the page (index.html). */
  private fileFor(relative: string): string {
    const root = this.root as string;
    const candidate = path.resolve(root, relative);
    const inside = candidate.startsWith(root + path.sep);
    if (inside && fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    return path.join(root, 'index.html');
  }
}

/** A percent-decoded path; a malformed one stays as it is (and so names no file). */
function decoded(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** The folder of the built console: CONSOLE_DIR, else the dist/console of the checkout, if built. */
export function consoleRoot(config: GatewayConfig): string | undefined {
  if (config.CONSOLE_DIR) return path.resolve(config.CONSOLE_DIR);
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const built = path.join(dir, 'dist', 'console', 'index.html');
    if (fs.existsSync(built)) return path.dirname(built);
  }
  return undefined;
}

/** Puts the console's files behind the router (so its requests get ids and rate limits like any other). */
export function installConsole(app: INestApplication): void {
  const root = consoleRoot(app.get<GatewayConfig>('SERVICE_CONFIG'));
  new Logger('ConsoleAssets').log(root ? `console served at /console/ from ${root}` : 'console not built');
  const assets = new ConsoleAssets(root);
  app.use(assets.handle.bind(assets));
}
