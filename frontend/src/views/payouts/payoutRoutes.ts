import type { RouteRecordRaw } from 'vue-router'

// Payouts (代发): finance's ledger, batches and summary, and the applicant's own payouts; spread
// into the app's routes (src/router/routes.ts).
export const payoutRoutes: RouteRecordRaw[] = [
  {
    path: '/finance/payouts',
    name: 'payouts-pending',
    component: () => import('./PendingPayoutsView.vue'),
    meta: { title: 'payouts.pendingTitle', roles: ['finance'] },
  },
  {
    path: '/finance/payouts/summary',
    name: 'payout-summary',
    component: () => import('./PayoutSummaryView.vue'),
    meta: { title: 'payouts.summaryTitle', roles: ['finance', 'admin', 'hr'] },
  },
  {
    path: '/finance/payout-batches',
    name: 'payout-batches',
    component: () => import('./BatchListView.vue'),
    meta: { title: 'payouts.batchesTitle', roles: ['finance'] },
  },
  {
    path: '/finance/payout-batches/:id',
    name: 'payout-batch',
    component: () => import('./BatchDetailView.vue'),
    props: true,
    meta: { title: 'payouts.batchTitle', roles: ['finance'] },
  },
  {
    path: '/my/payouts',
    name: 'my-payouts',
    component: () => import('./MyPayoutsView.vue'),
    meta: { title: 'payouts.mineTitle', roles: ['applicant'] },
  },
]
