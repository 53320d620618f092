import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Uploaded images (event posters) on local disk, the default outside production: catalog hands an admin a
 * signed, short-lived upload URL (`createPosterUpload`), the router accepts the bytes at that URL and serves them
 * under `/media/`. The signature binds the object key, its content type, its exact size and the expiry, so the
 * URL uploads one file of the announced kind once and nothing else. With S3 configured, catalog presigns an S3
 * PUT instead and the router is not involved.
 */

/** The image types a poster may have, and the file extension each is stored under. */
export const POSTER_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};
export const POSTER_MAX_BYTES = 5 * 1024 * 1024;
/** How long an upload URL works. */
export const MEDIA_UPLOAD_TTL_SECONDS = 300;

/** Object keys we create: `posters/<uuid>.<ext>`. Anything else is not ours (and cannot climb out of the dir). */
export const MEDIA_KEY =
  /^posters\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|webp)$/;

export interface MediaUpload {
  key: string;
  contentType: string;
  byteSize: number;
  /** Unix seconds. */
  expires: number;
}

/** A key of its own for this purpose, derived from the router secret both sides already hold. */
const uploadKey = (routerSecret: string) =>
  createHmac('sha256', routerSecret).update('tiketi:media-upload:v1').digest();

const canonical = (u: MediaUpload) => ['PUT', u.key, u.contentType, u.byteSize, u.expires].join('\n');

export function signMediaUpload(routerSecret: string, upload: MediaUpload): string {
  return createHmac('sha256', uploadKey(routerSecret)).update(canonical(upload)).digest('base64url');
}

/** Whether `signature` was made by `signMediaUpload` for exactly this upload (expiry is the caller's to check). */
export function verifyMediaUpload(routerSecret: string, upload: MediaUpload, signature: string): boolean {
  const expected = Buffer.from(signMediaUpload(routerSecret, upload));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The path and query of a local upload URL, on the router's origin. */
export function mediaUploadPath(upload: MediaUpload, signature: string): string {
  const query = new URLSearchParams({ expires: String(upload.expires), signature });
  return `/media/${upload.key}?${query}`;
}
