import type { components } from './schema'
import { call, callFile, type DownloadedFile } from './http'
import { api } from './session'

type Schemas = components['schemas']

export type AnnualReport = Schemas['AnnualReport']
export type Figure = Schemas['Figure']
export type FigureUnit = Schemas['Unit']
export type FairLine = Schemas['FairLine']
export type PolicyLine = Schemas['PolicyLine']
export type BatchLine = Schemas['BatchLine']
export type MonthLine = Schemas['MonthLine']
export type FrozenView = Schemas['FrozenView']
export type FigureDifference = Schemas['Difference']

/** A report period: a year, or one quarter of it. */
export interface ReportPeriod {
  year: number
  quarter?: number
}

export function annualReport(period: ReportPeriod): Promise<AnnualReport> {
  return call(api.GET('/api/v1/reports/annual', { params: { query: period } }))
}

export function annualWorkbook(period: ReportPeriod): Promise<DownloadedFile> {
  return callFile(api.GET('/api/v1/reports/annual.xlsx', { params: { query: period }, parseAs: 'blob' }))
}

/** Freeze a whole year's figures as reported upward (admin; once per year). */
export function freezeAnnualReport(year: number): Promise<FrozenView> {
  return call(api.POST('/api/v1/reports/annual/{year}/freeze', { params: { path: { year } } }))
}

export type AnnualSummary = Schemas['AnnualSummary']
export type SummaryBlock = Schemas['SummaryBlock']
export type ReportSettings = Schemas['SettingsView']
export type ReportSettingsInput = Schemas['SettingsInput']

/** The annual summary (talent section) with the figures filled in. */
export function annualSummary(year: number): Promise<AnnualSummary> {
  return call(api.GET('/api/v1/reports/annual-summary', { params: { query: { year, format: 'json' } } }))
}

/** The annual summary as a Word document or Markdown file. */
export function annualSummaryFile(year: number, format: 'docx' | 'md'): Promise<DownloadedFile> {
  return callFile(api.GET('/api/v1/reports/annual-summary', { params: { query: { year, format } }, parseAs: 'blob' }))
}

/** The summary's settings and template (admin). */
export function reportSettings(): Promise<ReportSettings> {
  return call(api.GET('/api/v1/reports/settings'))
}

/** Save the summary's settings and template (admin). */
export function saveReportSettings(body: ReportSettingsInput): Promise<ReportSettings> {
  return call(api.PUT('/api/v1/reports/settings', { body }))
}
