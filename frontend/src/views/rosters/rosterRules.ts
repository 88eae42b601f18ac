import { ApiError } from '@/api/problem'
import type { RowError } from '@/api/rosters'

// The pure pieces of the roster screens: the period as the server reads it, the row report of a
// refused file, the two-language messages of that report, and Idempotency-Keys.

export type PeriodResult = { ok: true; period: string; year: number } | { ok: false }

const MONTH = /^(\d{4})-(\d{1,2})$/

function month(text: string): { year: number; month: number } | null {
  const match = MONTH.exec(text.trim())
  if (!match) return null
  const year = Number(match[1])
  const m = Number(match[2])
  if (m < 1 || m > 12) return null
  return { year, month: m }
}

const fmt = (p: { year: number; month: number }) => `${p.year}-${String(p.month).padStart(2, '0')}`

/**
 * Mirrors the server (src/rosters/rules.rs `period`): a month `2020-02` or a range
 * `2020-01~2020-03` (full-width ～ and 至 are read as ~), start not after end. Answers the
 * period as the server stores it and its first year (the budget year).
 */
export function checkPeriod(raw: string): PeriodResult {
  const text = raw.trim().replace(/[～至]/g, '~')
  const at = text.indexOf('~')
  const from = month(at < 0 ? text : text.slice(0, at))
  const to = at < 0 ? from : month(text.slice(at + 1))
  if (!from || !to) return { ok: false }
  if (from.year * 12 + from.month > to.year * 12 + to.month) return { ok: false }
  const same = from.year === to.year && from.month === to.month
  return { ok: true, period: same ? fmt(from) : `${fmt(from)}~${fmt(to)}`, year: from.year }
}

/** 第N批 as the server accepts it: a whole number from 1 to 1000. */
export function isBatchNo(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1000
}

/** The next free 第N批 of a policy, given the batches it has. */
export function nextBatchNo(existing: readonly number[]): number {
  return existing.length ? Math.min(1000, Math.max(...existing) + 1) : 1
}

export interface ReportRow {
  /** Row number in the file as the user sees it (title and header rows counted). */
  row: number
  /** The column's header; empty when the problem is the whole row or the whole file. */
  column: string
  code: string
  message: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The rows of a `file_rejected` answer, in file order; [] for any other error. */
export function rowReport(error: unknown): ReportRow[] {
  if (!(error instanceof ApiError) || error.code !== 'file_rejected') return []
  const rows = error.extensions?.rows
  if (!Array.isArray(rows)) return []
  return rows
    .filter(isRecord)
    .map((r) => ({
      row: typeof r.row === 'number' ? r.row : 0,
      column: typeof r.column === 'string' ? r.column : '',
      code: typeof r.code === 'string' ? r.code : 'invalid_value',
      message: typeof r.message === 'string' ? r.message : '',
    }))
    .sort((a, b) => a.row - b.row)
}

/** For `budget_exceeded`: what is left of the year's budget, in fen, if the server said. */
export function remainingOf(error: unknown): number | null {
  if (!(error instanceof ApiError)) return null
  const value = error.extensions?.remaining_fen
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null
}

/**
 * The server writes report messages as "中文 / English"; show the half in the page's language
 * (the whole text when it has no separator).
 */
export function messageIn(message: string, locale: string): string {
  // Usually " / "; some messages end their Chinese half with a full-width bracket and no space.
  const at = message.indexOf('/ ')
  if (at < 0) return message
  const zh = message.slice(0, at).trim()
  const en = message.slice(at + 2).trim()
  return locale.startsWith('zh') ? zh || en : en || zh
}

/** The warnings (Luhn) of an accepted import, as report rows. */
export function warningRows(warnings: readonly RowError[]): ReportRow[] {
  return warnings.map((w) => ({ row: w.row, column: w.column ?? '', code: w.code, message: w.message }))
}

/** A random RFC 4122 version 4 UUID; `crypto.randomUUID` needs a secure context, this does not. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto
  if (typeof c?.randomUUID === 'function') {
    try {
      return c.randomUUID()
    } catch {
      // Not a secure context: build it from random bytes below.
    }
  }
  const bytes = new Uint8Array(16)
  c.getRandomValues(bytes)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
