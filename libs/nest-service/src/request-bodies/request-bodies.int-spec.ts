import { Body, Controller, type INestApplication, Module, Patch, Post, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsOptional, IsString } from 'class-validator';
import { type IncomingMessage } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { configureHttpApp } from '../start-service';
import { configureRequestBodies } from './configure-request-bodies';

class NoteDto {
  @IsOptional()
  @IsString()
  text?: string;
}

const received: unknown[] = [];

@Controller('notes')
class NotesController {
  @Patch()
  patch(@Body() body: NoteDto) {
    received.push(body);
    return { ok: true };
  }

  /** A route that reads the raw request (like GitHub's form-encoded webhooks): no JSON required. */
  @Post('raw')
  raw(@Req() request: IncomingMessage) {
    return { ok: true, contentType: request.headers['content-type'] ?? null };
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

describe('request bodies on a real HTTP server', () => {
  let app: INestApplication;
  let baseUrl: string;
  const send = (init: RequestInit & { path?: string }) =>
    fetch(`${baseUrl}/notes${init.path ?? ''}`, { method: 'PATCH', ...init }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [NotesModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureHttpApp(app, 'test');
    configureRequestBodies(app, { maxBytes: 32_768, maxDepth: 16 });
    await app.init();
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(() => app.close());
  beforeEach(() => received.splice(0));

  const json = { 'content-type': 'application/json' };

  it('accepts a JSON body within the limits', async () => {
    expect(await send({ headers: json, body: '{"text":"hi"}' })).toMatchObject({ status: 200 });
    expect(received).toEqual([{ text: 'hi' }]);
  });

  it('answers a body over the limit with 413 naming the limit', async () => {
    const answer = await send({ headers: json, body: JSON.stringify({ text: 'x'.repeat(40_000) }) });
    expect(answer).toMatchObject({ status: 413, body: { ok: false, error: 'payload_too_large' } });
    expect(answer.body.message).toContain('32768 bytes');
    expect(received).toEqual([]);
  });

  it('answers JSON nested 10,000 levels deep with 422 NESTING_TOO_DEEP, before validation', async () => {
    const body = `{"text":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const answer = await send({ headers: json, body });
    expect(answer).toMatchObject({
      status: 422,
      body: { ok: false, error: 'invalid_request', details: [{ code: 'NESTING_TOO_DEEP' }] },
    });
    expect(received).toEqual([]);
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], [undefined]])(
    'refuses a body of content type %s with 415, and the handler never runs',
    async (contentType) => {
      const headers = contentType ? { 'content-type': contentType } : undefined;
      const body = contentType?.includes('form') ? 'text=hi' : '{"text":"hi"}';
      const answer = await send({ headers, body: new Blob([body]) });
      expect(answer).toMatchObject({ status: 415, body: { ok: false, error: 'unsupported_media_type' } });
      expect(received).toEqual([]);
    },
  );

  it('refuses text PostgreSQL cannot store: NUL or lone surrogates in the body (422 with path), NUL in the URL (400)', async () => {
    const nul = await send({ headers: json, body: '{"text":"a\\u0000b"}' });
    expect(nul).toMatchObject({ status: 422, body: { details: [{ path: 'text', code: 'INVALID_TEXT' }] } });
    const surrogate = await send({ headers: json, body: '{"text":"\\ud800"}' });
    expect(surrogate).toMatchObject({
      status: 422,
      body: { details: [{ path: 'text', code: 'INVALID_TEXT' }] },
    });
    expect(await send({ path: '/%00', headers: json, body: '{}' })).toMatchObject({ status: 400 });
    expect(received).toEqual([]);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])(
    'answers a body that is not what its content-encoding %s says with 400, and reads a real one',
    async (encoding, compress) => {
      const headers = { ...json, 'content-encoding': encoding };
      const bad = await send({ headers, body: '{"text":"hi"}' });
      expect(bad).toMatchObject({ status: 400, body: { ok: false, error: 'bad_request' } });
      expect(bad.body.message).toContain('content-encoding');
      const good = await send({ headers, body: new Blob([compress(Buffer.from('{"text":"zipped"}'))]) });
      expect(good).toMatchObject({ status: 200 });
      expect(received).toEqual([{ text: 'zipped' }]);
    },
  );

  it('answers malformed JSON with 400', async () => {
    expect(await send({ headers: json, body: '{"text":' })).toMatchObject({ status: 400 });
  });

  it('leaves routes that read the raw request alone', async () => {
    const answer = await send({
      path: '/raw',
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(answer).toMatchObject({ status: 201, body: { ok: true, contentType: 'text/plain' } });
  });
});
