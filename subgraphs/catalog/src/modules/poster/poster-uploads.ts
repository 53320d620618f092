import { randomUUID } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  badInput,
  MEDIA_UPLOAD_TTL_SECONDS,
  type MediaUpload,
  mediaUploadPath,
  POSTER_MAX_BYTES,
  POSTER_TYPES,
  signMediaUpload,
} from '@tiketi/kit';
import type { MediaConfig } from '../../environment.ts';

export interface PosterUpload {
  uploadUrl: string;
  headers: { name: string; value: string }[];
  posterUrl: string;
  expiresAt: Date;
}

export interface PosterUploads {
  /** A one-time place to PUT one poster of this type and exact size. */
  create(input: { contentType: string; byteSize: number }): Promise<PosterUpload>;
}

/**
 * Upload URLs for event posters: a presigned S3 PUT when a bucket is configured, else a router URL signed with
 * the router secret (kit/media.ts). Either way the URL is bound to the type and size asked for, lives five
 * minutes, and the poster's address is known before the bytes are sent.
 */
export function createPosterUploads(media: MediaConfig, routerSecret: string): PosterUploads {
  const s3 =
    media.store === 's3'
      ? new S3Client({
          region: media.region,
          ...(media.endpoint ? { endpoint: media.endpoint } : {}),
          forcePathStyle: media.forcePathStyle,
          ...(media.credentials ? { credentials: media.credentials } : {}),
        })
      : null;

  return {
    async create({ contentType, byteSize }) {
      const extension = POSTER_TYPES[contentType];
      if (!extension) {
        throw badInput(
          `A poster must be ${Object.keys(POSTER_TYPES).join(', ')}; this file is ${contentType || 'of no type'}.`,
          'contentType',
        );
      }
      if (!Number.isInteger(byteSize) || byteSize < 1 || byteSize > POSTER_MAX_BYTES) {
        throw badInput(`A poster must be 1 byte to ${POSTER_MAX_BYTES / 1024 / 1024} MiB.`, 'byteSize');
      }
      const key = `posters/${randomUUID()}.${extension}`;
      const expiresAt = new Date(Date.now() + MEDIA_UPLOAD_TTL_SECONDS * 1000);
      const headers = [{ name: 'Content-Type', value: contentType }];
      if (media.store === 's3' && s3) {
        const uploadUrl = await getSignedUrl(
          s3,
          new PutObjectCommand({
            Bucket: media.bucket,
            Key: key,
            ContentType: contentType,
            ContentLength: byteSize,
          }),
          // The SDK leaves Content-Type out of the signature unless asked: without it, the URL would take any
          // kind of file.
          { expiresIn: MEDIA_UPLOAD_TTL_SECONDS, signableHeaders: new Set(['content-type']) },
        );
        return { uploadUrl, headers, posterUrl: `${media.publicUrl}/${key}`, expiresAt };
      }
      const upload: MediaUpload = {
        key,
        contentType,
        byteSize,
        expires: Math.floor(expiresAt.getTime() / 1000),
      };
      // Paths on the router's origin: the apps call the router there, and buyers' pages load posters from it.
      return {
        uploadUrl: mediaUploadPath(upload, signMediaUpload(routerSecret, upload)),
        headers,
        posterUrl: `/media/${key}`,
        expiresAt,
      };
    },
  };
}
