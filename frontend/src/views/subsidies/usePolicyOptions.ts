import { onMounted, shallowRef } from 'vue'
import { listPolicies, type SubsidyPolicy } from '@/api/subsidies'

/** Every policy (staff see all statuses), for filter and picker selects. */
export function usePolicyOptions() {
  const policies = shallowRef<SubsidyPolicy[]>([])
  onMounted(async () => {
    try {
      policies.value = (await listPolicies({ per_page: 100 })).items
    } catch {
      // The select stays empty; the list beside it shows its own error.
    }
  })
  return { policies }
}
