import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en.ts';
import { ko, type MessageKey, type Messages } from './ko.ts';

export type { MessageKey } from './ko.ts';

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const CATALOGS: Record<Locale, Messages> = { ko, en };
const STORAGE_KEY = 'tiketi.locale';

type Vars = Record<string, string | number>;
/** Keys that come as a `.one` / `.other` pair. */
type PluralBase = { [K in MessageKey]: K extends `${infer B}.other` ? B : never }[MessageKey];

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Vars): string;
  /** Plural-aware: picks `<key>.one` or `<key>.other` for `count` and passes `{count}`. */
  tp(key: PluralBase, count: number, vars?: Vars): string;
  /** Date and time of day as shown for events: always Korean time, where every event happens. */
  dateTime(iso: string): string;
  date(iso: string): string;
  /** Whole Korean won: "99,000원" / "₩99,000". */
  money(won: number): string;
  /** Korean or English spelling of a name that has both, falling back to the one that exists. */
  pick(korean: string, english: string | null | undefined): string;
}

export function interpolate(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function readStoredLocale(storage: Pick<Storage, 'getItem'> | null): Locale {
  try {
    const stored = storage?.getItem(STORAGE_KEY);
    return stored === 'en' || stored === 'ko' ? stored : 'ko';
  } catch {
    return 'ko';
  }
}

export function createI18n(locale: Locale, setLocale: (locale: Locale) => void): I18n {
  const messages = CATALOGS[locale];
  const tag = locale === 'ko' ? 'ko-KR' : 'en-US';
  const plural = new Intl.PluralRules(tag);
  const dateTimeFormat = new Intl.DateTimeFormat(tag, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'Asia/Seoul',
  });
  const dateFormat = new Intl.DateTimeFormat(tag, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'Asia/Seoul',
  });
  const numberFormat = new Intl.NumberFormat(tag);
  const t = (key: MessageKey, vars?: Vars) => interpolate(messages[key], vars);
  return {
    locale,
    setLocale,
    t,
    tp: (key, count, vars) => {
      const form = plural.select(count) === 'one' ? 'one' : 'other';
      return t(`${key}.${form}` as MessageKey, { count, ...vars });
    },
    // Korean readers assume Korean time; everyone else is told.
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)) + (locale === 'ko' ? '' : ' KST'),
    date: (iso) => dateFormat.format(new Date(iso)),
    money: (won) => (locale === 'ko' ? `${numberFormat.format(won)}원` : `₩${numberFormat.format(won)}`),
    pick: (korean, english) => (locale === 'en' && english ? english : korean),
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({
  storage,
  children,
}: {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  children: ReactNode;
}) {
  const [locale, setLocaleState] = useState<Locale>(() => readStoredLocale(storage));
  const setLocale = useCallback(
    (next: Locale) => {
      setLocaleState(next);
      try {
        storage?.setItem(STORAGE_KEY, next);
      } catch {
        // Private browsing may refuse storage: the choice then lasts for this visit only.
      }
    },
    [storage],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const i18n = useMemo(() => createI18n(locale, setLocale), [locale, setLocale]);
  return <I18nContext value={i18n}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n needs an <I18nProvider> above it');
  return i18n;
}
