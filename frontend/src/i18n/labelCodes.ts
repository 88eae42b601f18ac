import labels from '@/i18n/locales/labels.zh-CN'

// The codes the label tables name, read from the dictionary itself so that a filter offers
// exactly the actions and record kinds the portal has words for.

/** Every dotted action name of `auditAction`, sorted. */
export const AUDIT_ACTIONS: readonly string[] = Object.entries(labels.auditAction)
  .flatMap(([entity, verbs]) => (typeof verbs === 'string' ? [] : Object.keys(verbs).map((verb) => `${entity}.${verb}`)))
  .sort()

/** Every entity kind of `auditEntity`, sorted. */
export const AUDIT_ENTITIES: readonly string[] = Object.keys(labels.auditEntity)
  .filter((e) => e !== 'other')
  .sort()
