// Ticket codes as the server makes them: 16 characters from an alphabet without 0/O and 1/I/L,
// in four groups of four (`7KQ2-M9XA-HB3P-Z4TC`). People type them at the door on phones with
// Chinese input methods, so full-width letters, spaces and any dashes are accepted and tidied.

export const TICKET_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const TICKET_LENGTH = 16

/** Full-width ASCII (Ａ１－, as a Chinese IME types them) to plain ASCII. */
function toHalfWidth(value: string): string {
  return value.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

/**
 * Tidy a typed or scanned code the way the server does: letters and digits only, upper case,
 * a dash after every four characters. `7kq2 m9xa-hb3p z4tc` → `7KQ2-M9XA-HB3P-Z4TC`.
 */
export function normalizeTicketCode(raw: string): string {
  const compact = toHalfWidth(raw)
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
  return (compact.match(/.{1,4}/g) ?? []).join('-')
}

/** Whether `code` (normalised or not) has the shape of a ticket: 16 characters of the alphabet. */
export function isTicketCode(code: string): boolean {
  const compact = normalizeTicketCode(code).replace(/-/g, '')
  return compact.length === TICKET_LENGTH && [...compact].every((c) => TICKET_ALPHABET.includes(c))
}
