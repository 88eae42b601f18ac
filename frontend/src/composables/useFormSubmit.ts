import { ref, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'

/**
 * Validate an Element Plus form, then run `action` with a busy flag; a second click while busy
 * is ignored. Returns false when validation failed or the action threw (the caller shows why).
 */
export function useFormSubmit(formRef: Ref<FormInstance | undefined>) {
  const busy = ref(false)

  async function submit(action: () => Promise<void>, onError: (error: unknown) => Promise<unknown> | void): Promise<boolean> {
    if (busy.value) return false
    const valid = await (formRef.value?.validate().catch(() => false) ?? Promise.resolve(true))
    if (!valid) return false
    busy.value = true
    try {
      await action()
      return true
    } catch (error) {
      await onError(error)
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, submit }
}
