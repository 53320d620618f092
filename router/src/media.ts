import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@tiketi/kit/logger';
import { MEDIA_KEY, POSTER_MAX_BYTES, verifyMediaUpload } from '@tiketi/kit/media';
import express, { type Express, type Request, type Response } from 'express';

/**
 * Local-disk media (kit/media.ts): `PUT /media/<key>?expires&signature` stores one file that catalog signed an
 * upload for; `GET /media/<key>` serves it. An upload URL works once, for the signed type and exact size,
 * until it expires. Files are written to a temporary name and linked into place, so a reader never sees half a
 * file and a second upload to the same key is refused rather than replacing the first.
 */
export function mountMedia(app: Express, options: { dir: string; routerSecret: string; log: Logger }) {
  const { dir, routerSecret, log } = options;
  const incoming = join(dir, '.incoming');
  const refuse = (res: Response, status: number, code: string, message: string) =>
    res.status(status).json({ error: { code, message } });

  app.put('/media/posters/:file', async (req: Request, res: Response) => {
    const key = `posters/${req.params.file}`;
    if (!MEDIA_KEY.test(key)) return refuse(res, 404, 'NOT_FOUND', 'No such upload.');
    const expires = Number(req.query.expires);
    const signature = typeof req.query.signature === 'string' ? req.query.signature : '';
    const contentType = req.headers['content-type'] ?? '';
    const lengthHeader = req.headers['content-length'];
    if (lengthHeader === undefined) {
      return refuse(res, 411, 'LENGTH_REQUIRED', 'Send the file with a Content-Length.');
    }
    const byteSize = Number(lengthHeader);
    if (
      !Number.isSafeInteger(expires) ||
      !verifyMediaUpload(routerSecret, { key, contentType, byteSize, expires }, signature)
    ) {
      return refuse(
        res,
        403,
        'FORBIDDEN',
        'This upload URL is not valid for this file: ask for a new one with its type and size.',
      );
    }
    if (expires * 1000 <= Date.now()) {
      return refuse(res, 403, 'FORBIDDEN', 'This upload URL has expired: ask for a new one.');
    }
    if (byteSize > POSTER_MAX_BYTES) return refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'The file is too large.');

    const target = join(dir, key);
    const part = join(incoming, `${randomUUID()}.part`);
    await mkdir(dirname(target), { recursive: true });
    await mkdir(incoming, { recursive: true });
    let received = 0;
    try {
      await pipeline(
        req,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            received += chunk.length;
            done(received > byteSize ? new Error('more bytes than signed') : null, chunk);
          },
        }),
        createWriteStream(part, { flags: 'wx' }),
      );
      if (received !== byteSize) throw new Error('fewer bytes than signed');
      await link(part, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        return refuse(res, 409, 'CONFLICT', 'This upload URL has been used already.');
      }
      log.warn({ key, err: (err as Error).message }, 'media upload refused');
      if (!res.headersSent) refuse(res, 400, 'BAD_REQUEST', 'The upload did not arrive whole. Try again.');
      return;
    } finally {
      await unlink(part).catch(() => undefined);
    }
    log.info({ key, bytes: byteSize }, 'media stored');
    res.status(201).json({ key });
  });

  // Keys are unique and never rewritten, so a file may be cached for good. Dot-folders (uploads in progress)
  // do not exist as far as readers go.
  app.use(
    '/media',
    express.static(dir, {
      index: false,
      dotfiles: 'ignore',
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
    }),
    (_req: Request, res: Response) => {
      refuse(res, 404, 'NOT_FOUND', 'No such file.');
    },
  );
}
