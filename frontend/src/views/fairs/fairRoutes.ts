import type { RouteRecordRaw } from 'vue-router'

// Job fairs, tickets, booths and intents; spread into the app's routes (src/router/routes.ts).
export const fairRoutes: RouteRecordRaw[] = [
  {
    path: '/fairs',
    name: 'fair-list',
    component: () => import('./FairListView.vue'),
    meta: { title: 'fairs.title' },
  },
  {
    path: '/fairs/:id',
    name: 'fair-detail',
    component: () => import('./FairDetailView.vue'),
    props: true,
    meta: { title: 'fairs.detailTitle' },
  },
  {
    path: '/my/tickets',
    name: 'my-tickets',
    component: () => import('./MyTicketsView.vue'),
    meta: { title: 'fairs.ticketsTitle', roles: ['applicant'] },
  },
  {
    path: '/intents',
    name: 'my-intents',
    component: () => import('@/views/intents/IntentsView.vue'),
    meta: { title: 'intents.title', roles: ['applicant', 'employer', 'hr', 'admin'] },
  },
  {
    path: '/employer/booths',
    name: 'my-booths',
    component: () => import('./MyBoothsView.vue'),
    meta: { title: 'fairs.myBoothsTitle', roles: ['employer'] },
  },
  {
    path: '/hr/fairs',
    name: 'fair-admin',
    component: () => import('./FairAdminView.vue'),
    meta: { title: 'fairs.adminTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/fairs/stats',
    name: 'fair-stats',
    component: () => import('./FairStatsView.vue'),
    meta: { title: 'fairs.statsTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/fairs/:id',
    name: 'fair-manage',
    component: () => import('./FairManageView.vue'),
    props: true,
    meta: { title: 'fairs.detailTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/fairs/:id/check-in',
    name: 'fair-check-in',
    component: () => import('./CheckInView.vue'),
    props: true,
    meta: { title: 'fairs.checkInTitle', roles: ['hr', 'admin'] },
  },
]
