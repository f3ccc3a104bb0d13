/** PT | EN toggle; the choice is stored in localStorage and applies at once. */
import { useTranslation } from 'react-i18next';
import { changeLanguage, languages } from '../i18n/i18n.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          title={t(`lang.${language}Name`)}
          aria-pressed={i18n.language === language}
          onClick={() => void changeLanguage(language)}
        >
          {t(`lang.${language}`)}
        </button>
      ))}
    </div>
  );
}
