import type { RouteRecordRaw } from 'vue-router'

// Public-institution recruitment: announcements and posts, sign-up, my sign-ups and tickets, HR's
// editor, review queue, tickets and exam-room check-in; spread into the app's routes (src/router/routes.ts).
export const recruitmentRoutes: RouteRecordRaw[] = [
  {
    path: '/recruitments',
    name: 'recruitment-list',
    component: () => import('./RecruitmentListView.vue'),
    meta: { title: 'recruitments.title' },
  },
  {
    path: '/recruitments/:id',
    name: 'recruitment-detail',
    component: () => import('./RecruitmentDetailView.vue'),
    props: true,
    meta: { title: 'recruitments.detailTitle' },
  },
  {
    path: '/my/recruitments',
    name: 'my-recruitments',
    component: () => import('./MyRecruitmentsView.vue'),
    meta: { title: 'recruitments.mineTitle', roles: ['applicant'] },
  },
  {
    path: '/my/recruitments/:id',
    name: 'my-recruitment',
    component: () => import('./MyRecruitmentsView.vue'),
    meta: { title: 'recruitments.mineTitle', roles: ['applicant'] },
  },
  {
    path: '/my/recruitments/:id/ticket',
    name: 'recruitment-ticket',
    component: () => import('./TicketView.vue'),
    props: true,
    meta: { title: 'recruitments.ticketTitle', roles: ['applicant', 'hr', 'admin'] },
  },
  {
    path: '/hr/recruitments',
    name: 'recruitment-admin',
    component: () => import('./RecruitmentAdminView.vue'),
    meta: { title: 'recruitments.adminTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/recruitments/:id',
    name: 'recruitment-manage',
    component: () => import('./RecruitmentManageView.vue'),
    props: true,
    meta: { title: 'recruitments.adminTitle', roles: ['hr', 'admin'] },
  },
]
