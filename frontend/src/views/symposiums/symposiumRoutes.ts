import type { RouteRecordRaw } from 'vue-router'

// Symposiums: HR's list and management page (invitations, attendance, summary) and the
// applicant's "my symposiums" (the RSVP links of the invitation mail lead there); spread into the
// app's routes (src/router/routes.ts).
export const symposiumRoutes: RouteRecordRaw[] = [
  {
    path: '/hr/symposiums',
    name: 'symposium-admin',
    component: () => import('./SymposiumAdminView.vue'),
    meta: { title: 'symposiums.adminTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/symposiums/:id',
    name: 'symposium-manage',
    component: () => import('./SymposiumManageView.vue'),
    props: true,
    meta: { title: 'symposiums.manageTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/my/symposiums',
    name: 'my-symposiums',
    component: () => import('./MySymposiumsView.vue'),
    meta: { title: 'symposiums.mineTitle', roles: ['applicant'] },
  },
]
