import type { Translator } from '@/i18n/problem'

/**
 * What a person reads for a code of one of the label tables (`auditAction`, `auditEntity`,
 * `mailTemplate`, `language`): its label, or the table's `other` for a code this client has no
 * name for yet, never the code itself.
 */
export function labelOf(tr: Translator, table: string, code: string): string {
  const key = `${table}.${code}`
  return code && code !== 'other' && tr.te(key) ? tr.t(key) : tr.t(`${table}.other`)
}

/** The label of a server action such as `fair.signed_up`. */
export function actionLabel(tr: Translator, action: string): string {
  // Only a dotted name is an action; a bare entity name would resolve to its whole sub-table.
  return action.includes('.') ? labelOf(tr, 'auditAction', action) : tr.t('auditAction.other')
}

/** The label of the kind of record an event is about. */
export function entityLabel(tr: Translator, entity: string): string {
  return labelOf(tr, 'auditEntity', entity)
}
