import { LOCALES, useI18n } from '../i18n/index.tsx';

/** Two toggle buttons; the pressed one is the current language. Each label is in its own language. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form fieldset
    <div className="lang" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="lang__option"
          aria-pressed={locale === option}
          onClick={() => setLocale(option)}
        >
          {option === 'ko' ? t('lang.ko') : t('lang.en')}
        </button>
      ))}
    </div>
  );
}
