// Times come from the API in UTC (RFC 3339) and are typed and shown in the county's time zone,
// Asia/Shanghai, whatever the viewer's machine is set to, as 2026-12-02 18:00 in every language.
const TIME_ZONE = 'Asia/Shanghai'
/** Asia/Shanghai has kept UTC+8 without daylight saving since 1991. */
const OFFSET_MS = 8 * 60 * 60 * 1000

const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The Asia/Shanghai wall clock of an instant: [year, month (1-12), day, hour, minute]. */
function wallClock(date: Date): [number, number, number, number, number] {
  const part = (type: string) => Number(PARTS.formatToParts(date).find((p) => p.type === type)?.value ?? 0)
  return [part('year'), part('month'), part('day'), part('hour'), part('minute')]
}

const pad = (n: number) => String(n).padStart(2, '0')

function parse(value: string | null | undefined): Date | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/**
 * "2026-12-02 18:00" (Asia/Shanghai); "—" for nothing; an unreadable value as it came. Callers
 * may pass the UI language: the form is the same in both, so it is not read.
 */
export const formatDateTime: (value: string | null | undefined, locale?: string) => string = (value) => {
  const date = parse(value)
  if (!date) return value || '—'
  const [y, m, d, h, mi] = wallClock(date)
  return `${y}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(mi)}`
}

/** "2026-12-02" (the Asia/Shanghai day of the instant). */
export function formatDate(value: string | null | undefined): string {
  const date = parse(value)
  if (!date) return value || '—'
  const [y, m, d] = wallClock(date)
  return `${y}-${pad(m)}-${pad(d)}`
}

/**
 * For a date picker, which works in the browser's own zone: a Date whose local fields read the
 * Asia/Shanghai wall clock of `iso`, so a browser in UTC shows 18:00 for a fair at 18:00 Beijing time.
 */
export function toPickerDate(iso: string | null | undefined): Date | null {
  const date = parse(iso)
  if (!date) return null
  const [y, m, d, h, mi] = wallClock(date)
  return new Date(y, m - 1, d, h, mi)
}

/** The instant (RFC 3339, UTC) a picker's Date means when its local fields are read as Asia/Shanghai. */
export function fromPickerDate(picked: Date | null | undefined): string {
  if (!picked || Number.isNaN(picked.getTime())) return ''
  const utc = Date.UTC(picked.getFullYear(), picked.getMonth(), picked.getDate(), picked.getHours(), picked.getMinutes())
  return new Date(utc - OFFSET_MS).toISOString()
}
