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
