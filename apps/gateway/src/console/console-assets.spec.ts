import fs from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ConsoleAssets } from './console-assets';

interface Answer {
  status?: number;
  headers: Record<string, unknown>;
  body: string;
  passedOn: boolean;
}

/** Drives the handler with a fake request and a response that collects what is written. */
function get(assets: ConsoleAssets, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const answer: Answer = { headers: {}, body: '', passedOn: false };
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => (answer.body += chunk.toString()));
    const res = Object.assign(sink, {
      writeHead(status: number, headers: Record<string, unknown> = {}) {
        answer.status = status;
        answer.headers = headers;
        return res;
      },
    }) as unknown as ServerResponse;
    sink.on('finish', () => resolve(answer));
    assets.handle({ url, method: 'GET' } as IncomingMessage, res, (error?: unknown) => {
      if (error) reject(error);
      answer.passedOn = true;
      resolve(answer);
    });
  });
}

describe('ConsoleAssets', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'console-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<html>page</html>');
  fs.writeFileSync(path.join(root, 'assets', 'app-1.js'), 'console.log(1)');
  fs.writeFileSync(path.join(os.tmpdir(), 'outside.txt'), 'secret');
  const assets = new ConsoleAssets(root);
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(path.join(os.tmpdir(), 'outside.txt'), { force: true });
  });

  it('serves the page at /console/ and its hashed assets with a long cache', async () => {
    expect(await get(assets, '/console/')).toMatchObject({ status: 200, body: '<html>page</html>' });
    const script = await get(assets, '/console/assets/app-1.js?v=1');
    expect(script).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.headers['cache-control']).toContain('immutable');
  });

  it('redirects /console to /console/ and leaves other paths to the rest of the gateway', async () => {
    expect(await get(assets, '/console')).toMatchObject({ status: 308, headers: { location: '/console/' } });
    expect((await get(assets, '/v1/workflows')).passedOn).toBe(true);
    expect((await get(assets, '/consoles')).passedOn).toBe(true);
  });

  it('never reads outside its folder: a climbing path gets the page', async () => {
    for (const url of [
      '/console/%E0%A4%A',
      '/console/../outside.txt',
      '/console/..%2f..%2foutside.txt',
      '/console/%2e%2e/outside.txt',
    ]) {
      expect(await get(assets, url)).toMatchObject({ status: 200, body: '<html>page</html>' });
    }
  });

  it('says the console is not built when there is no folder', async () => {
    const answer = await get(new ConsoleAssets(undefined), '/console/');
    expect(answer.status).toBe(404);
    expect(answer.body).toContain('npm run build');
  });
});
