import { reactive, ref, shallowRef } from 'vue'

/**
 * The state behind one `ReasonDialog`: which record it is about, whether it is open, the running
 * call and its failure. `ask(target)` opens it; `confirm(reason)` (bind it to `@confirm`) runs
 * `action`, closes on success and keeps the dialog open with the error otherwise. A second
 * confirm while the call runs is ignored.
 *
 * ```vue
 * const reject = useReasonDialog(async (reason, booth: Booth) => { await rejectBooth(booth.id, reason) })
 * <el-button @click="reject.ask(row)">…</el-button>
 * <ReasonDialog v-model="reject.open" :title="…" :loading="reject.loading" :error="reject.error" @confirm="reject.confirm" />
 * ```
 */
export function useReasonDialog<T = void>(action: (reason: string, target: T) => Promise<void>) {
  const open = ref(false)
  const target = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)

  function ask(which: T) {
    target.value = which
    error.value = null
    open.value = true
  }

  async function confirm(reason: string): Promise<boolean> {
    if (loading.value) return false
    loading.value = true
    error.value = null
    try {
      await action(reason, target.value as T)
      open.value = false
      return true
    } catch (e) {
      error.value = e
      return false
    } finally {
      loading.value = false
    }
  }

  return reactive({ open, target, loading, error, ask, confirm })
}
