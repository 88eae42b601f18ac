import { createI18n } from 'vue-i18n'
import en from './locales/en'
import zhCN, { type MessageSchema } from './locales/zh-CN'
import fairsEn from './locales/fairs.en'
import fairsZhCN from './locales/fairs.zh-CN'
import internshipsEn from './locales/internships.en'
import internshipsZhCN from './locales/internships.zh-CN'
import subsidiesEn from './locales/subsidies.en'
import subsidiesZhCN from './locales/subsidies.zh-CN'
import payoutsEn from './locales/payouts.en'
import payoutsZhCN from './locales/payouts.zh-CN'
import rostersEn from './locales/rosters.en'
import rostersZhCN from './locales/rosters.zh-CN'
import { mergeMessages } from './locales/merge'
import reportsEn from './locales/reports.en'
import reportsZhCN from './locales/reports.zh-CN'
import villagesEn from './locales/villages.en'
import villagesZhCN from './locales/villages.zh-CN'
import recruitmentsEn from './locales/recruitments.en'
import recruitmentsZhCN from './locales/recruitments.zh-CN'
import symposiumsEn from './locales/symposiums.en'
import symposiumsZhCN from './locales/symposiums.zh-CN'
import privacyEn from './locales/privacy.en'
import privacyZhCN from './locales/privacy.zh-CN'
import trainingsEn from './locales/trainings.en'
import trainingsZhCN from './locales/trainings.zh-CN'
import labelsEn from './locales/labels.en'
import labelsZhCN from './locales/labels.zh-CN'

export type AppLocale = 'zh-CN' | 'en'
export const LOCALES: readonly AppLocale[] = ['zh-CN', 'en']
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'
// Only the language choice is remembered; nothing about the session is kept in storage.
export const LOCALE_STORAGE_KEY = 'juxian.locale'

export function isAppLocale(value: unknown): value is AppLocale {
  return value === 'zh-CN' || value === 'en'
}

export function savedLocale(): AppLocale {
  try {
    const value = window.localStorage.getItem(LOCALE_STORAGE_KEY)
    return isAppLocale(value) ? value : DEFAULT_LOCALE
  } catch {
    // Storage can be blocked (privacy mode); the default language is fine then.
    return DEFAULT_LOCALE
  }
}

export function createAppI18n(locale: AppLocale = savedLocale()) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: {
      'zh-CN': mergeMessages(zhCN, fairsZhCN, internshipsZhCN, subsidiesZhCN, payoutsZhCN, rostersZhCN, reportsZhCN, villagesZhCN, recruitmentsZhCN, symposiumsZhCN, privacyZhCN, trainingsZhCN, labelsZhCN),
      en: mergeMessages(en, fairsEn, internshipsEn, subsidiesEn, payoutsEn, rostersEn, reportsEn, villagesEn, recruitmentsEn, symposiumsEn, privacyEn, trainingsEn, labelsEn),
    },
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>

/** Switch the UI language, remember it, and tell assistive technology via <html lang>. */
export function applyLocale(target: { locale: { value: string } }, locale: AppLocale): void {
  target.locale.value = locale
  document.documentElement.lang = locale
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // Not remembered across visits, but the switch itself still works.
  }
}
