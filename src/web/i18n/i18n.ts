/**
 * i18next set up for the UI: pt-BR by default, English available; the choice is remembered in localStorage and
 * mirrored in <html lang>. Catalogs are bundled, so translations are ready before the first render.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import ptBR from './pt-BR.json' with { type: 'json' };

export const languages = ['pt-BR', 'en'] as const;
export type Language = (typeof languages)[number];
const defaultLanguage: Language = 'pt-BR';
const LANGUAGE_STORAGE_KEY = 'avisa.language';

const resources = { 'pt-BR': { translation: ptBR }, en: { translation: en } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ptBR };
  }
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled by the browser
  }
}

export function storedLanguage(store: KeyValueStore | undefined = storage()): Language {
  const value = store?.getItem(LANGUAGE_STORAGE_KEY);
  return isLanguage(value) ? value : defaultLanguage;
}

export async function changeLanguage(language: Language, store: KeyValueStore | undefined = storage()): Promise<void> {
  store?.setItem(LANGUAGE_STORAGE_KEY, language);
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: languages,
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export default i18n;
