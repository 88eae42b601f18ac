import { ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { approveBatch, rejectBatch, submitBatch, type RosterView } from '@/api/rosters'
import { ApiError, NETWORK_ERROR } from '@/api/problem'
import { useReasonDialog } from '@/composables/useReasonDialog'
import { useTranslator } from '@/composables/useTranslator'
import { formatYuan } from './money'
import { newIdempotencyKey } from './rosterRules'
import { useRosterErrorText } from './useRosterErrors'

/** A retry of the same approval after no answer (network, 5xx, still running) keeps its key. */
function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.code === NETWORK_ERROR || error.status >= 500 || error.code === 'idempotency_in_flight')
}

/**
 * Submit (HR), approve and reject (finance) a batch, each after a confirmation; `done` gets the
 * batch as the server answered. Approval sends one Idempotency-Key per user action.
 */
export function useBatchActions(done: (batch: RosterView) => void) {
  const { t } = useTranslator()
  const { explain } = useRosterErrorText()
  const busy = ref<string | null>(null)
  const approvalKeys = new Map<string, string>()

  const label = (b: RosterView) => t('rosters.batchLabel', { n: b.batch_no })
  const facts = (b: RosterView) => ({ batch: label(b), rows: b.row_count, total: formatYuan(b.total_fen) })

  async function confirm(message: string, button: string): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, t('rosters.confirmTitle'), { confirmButtonText: button, cancelButtonText: t('common.cancel'), type: 'warning' })
      return true
    } catch {
      return false
    }
  }

  async function run(batch: RosterView, action: () => Promise<RosterView>, success: string): Promise<boolean> {
    busy.value = batch.id
    try {
      const updated = await action()
      ElMessage.success(success)
      done(updated)
      return true
    } catch (error) {
      ElMessage.error(explain(error))
      return false
    } finally {
      busy.value = null
    }
  }

  async function submit(batch: RosterView) {
    if (!(await confirm(t('rosters.submitConfirm', facts(batch)), t('rosters.submit')))) return
    await run(batch, () => submitBatch(batch.id), t('rosters.submitted'))
  }

  async function approve(batch: RosterView) {
    if (!(await confirm(t('rosters.approveConfirm', facts(batch)), t('rosters.approve')))) return
    const key = approvalKeys.get(batch.id) ?? newIdempotencyKey()
    approvalKeys.set(batch.id, key)
    await run(
      batch,
      async () => {
        try {
          const updated = await approveBatch(batch.id, key)
          approvalKeys.delete(batch.id)
          return updated
        } catch (error) {
          if (!isRetryable(error)) approvalKeys.delete(batch.id)
          throw error
        }
      },
      t('rosters.approved'),
    )
  }

  const reject = useReasonDialog<RosterView>(async (reason, batch) => {
    const updated = await rejectBatch(batch.id, reason)
    ElMessage.success(t('rosters.rejectedDone'))
    done(updated)
  })

  return { busy, submit, approve, reject, explain }
}
