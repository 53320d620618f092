import {
  ConfigError,
  envTypes,
  parseEnv,
  type ServiceConfig,
  serviceConfig,
  serviceEnvShape,
} from '@tiketi/kit';
import { z } from 'zod';

const shape = {
  ...serviceEnvShape,
  PORT: envTypes.port.default(4002),
  /** Posters go to this S3 (or S3-compatible) bucket; unset: local disk through the router (not in production). */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('ap-northeast-2'),
  /** An S3-compatible endpoint (MinIO, R2, …); unset: AWS. */
  S3_ENDPOINT: envTypes.url.optional(),
  /** Path-style addressing (`<endpoint>/<bucket>/<key>`), which most S3-compatible servers want. */
  S3_FORCE_PATH_STYLE: envTypes.bool.default(false),
  /** Unset: the AWS SDK's default credential chain (an IAM role for the pod, for one). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Where buyers' browsers read the bucket's objects (a CDN in front of it, usually). */
  S3_PUBLIC_URL: envTypes.url.optional(),
};

/** Where event posters are stored. */
export type MediaConfig =
  /** Uploaded to the router (kit/media.ts), served at `/media/` on its origin. */
  | { store: 'local' }
  | {
      store: 's3';
      bucket: string;
      region: string;
      endpoint: string | null;
      forcePathStyle: boolean;
      credentials: { accessKeyId: string; secretAccessKey: string } | null;
      /** No trailing slash; an object's URL is `<publicUrl>/<key>`. */
      publicUrl: string;
    };

export interface Config extends ServiceConfig {
  media: MediaConfig;
}

/** Parses the environment once. Throws `ConfigError` listing every problem by variable name. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = parseEnv(shape, env);
  const problems: string[] = [];
  let common: ServiceConfig | undefined;
  try {
    common = serviceConfig(raw, 'catalog');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  if (raw.TIKETI_ENV === 'production' && !raw.S3_BUCKET) {
    problems.push(
      'S3_BUCKET: required in production (posters are kept on local disk only outside production)',
    );
  }
  if ((raw.S3_ACCESS_KEY_ID === undefined) !== (raw.S3_SECRET_ACCESS_KEY === undefined)) {
    problems.push(
      'S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both, or neither for the default credential chain',
    );
  }
  if (problems.length > 0 || !common) throw new ConfigError(problems);

  const bucket = raw.S3_BUCKET;
  const endpoint = raw.S3_ENDPOINT?.replace(/\/+$/, '') ?? null;
  const media: MediaConfig = bucket
    ? {
        store: 's3',
        bucket,
        region: raw.S3_REGION,
        endpoint,
        forcePathStyle: raw.S3_FORCE_PATH_STYLE,
        credentials:
          raw.S3_ACCESS_KEY_ID && raw.S3_SECRET_ACCESS_KEY
            ? { accessKeyId: raw.S3_ACCESS_KEY_ID, secretAccessKey: raw.S3_SECRET_ACCESS_KEY }
            : null,
        publicUrl: (
          raw.S3_PUBLIC_URL ??
          (endpoint
            ? raw.S3_FORCE_PATH_STYLE
              ? `${endpoint}/${bucket}`
              : endpoint.replace('://', `://${bucket}.`)
            : `https://${bucket}.s3.${raw.S3_REGION}.amazonaws.com`)
        ).replace(/\/+$/, ''),
      }
    : { store: 'local' };
  return { ...common, media };
}
