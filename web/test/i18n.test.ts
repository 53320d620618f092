import { readFileSync } from 'node:fs';
import { ErrorCode } from '@tiketi/kit';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.ts';
import { en } from '../src/i18n/en.ts';
import { ko } from '../src/i18n/ko.ts';

/** The two catalogs say the same things, and every error code a client can meet has words in both. */

const catalogs = { ko, en } as const;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Codes in the README's "Error codes" table (first column, in backticks). */
function documentedCodes(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Error codes')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) =>
    [...(row.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] as string),
  );
}

describe('message catalogs', () => {
  it('have the same keys, no empty messages, and the same placeholders per key', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
    for (const key of Object.keys(ko) as (keyof typeof ko)[]) {
      for (const [locale, messages] of Object.entries(catalogs)) {
        expect(messages[key].trim(), `${locale} ${key}`).not.toBe('');
      }
      expect(placeholders(en[key]), key).toEqual(placeholders(ko[key]));
    }
  });

  it('know every error code the README documents and the kit registers', () => {
    const documented = documentedCodes();
    expect(documented.length).toBeGreaterThanOrEqual(15);
    for (const code of [...documented, ...Object.values(ErrorCode)]) {
      expect(ERROR_CODES, code).toContain(code);
    }
  });

  it('have a message for every error code, network trouble and the unknown', () => {
    for (const code of [...ERROR_CODES, 'NETWORK', 'OFFLINE', 'UNKNOWN']) {
      const key = `error.${code}` as keyof typeof ko;
      expect(ko[key], `ko ${key}`).toEqual(expect.any(String));
      expect(en[key], `en ${key}`).toEqual(expect.any(String));
    }
  });
});
