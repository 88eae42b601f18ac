import { watch } from 'vue'
import { createRouter, createWebHistory, type Router } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { decideNavigation } from './guard'
import { routes } from './routes'

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    // The first navigation waits until the refresh cookie had its chance to restore the session.
    await auth.restore()
    return decideNavigation(to, { isAuthenticated: auth.isAuthenticated, role: auth.role })
  })

  return router
}

/** When a live session is lost (refresh refused), leave protected pages for the log-in page. */
export function watchSessionExpiry(router: Router): void {
  const auth = useAuthStore()
  watch(
    () => auth.expired,
    (expired) => {
      if (!expired) return
      auth.expired = false
      const current = router.currentRoute.value
      if (current.meta.roles) {
        void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
      }
    },
  )
}
