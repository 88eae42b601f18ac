import type { RouteRecordRaw } from 'vue-router'

// Skills training: HR's list, course page and session door; the course list applicants sign up
// from and partner enterprises nominate from; my trainings; the public certificate check. Spread
// into the app's routes (src/router/routes.ts).
export const trainingRoutes: RouteRecordRaw[] = [
  {
    path: '/hr/trainings',
    name: 'training-admin',
    component: () => import('./TrainingAdminView.vue'),
    meta: { title: 'trainings.adminTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/trainings/:id',
    name: 'training-manage',
    component: () => import('./TrainingManageView.vue'),
    props: true,
    meta: { title: 'trainings.manageTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/trainings/:id/sessions/:sessionId/check-in',
    name: 'training-check-in',
    component: () => import('./TrainingCheckInView.vue'),
    props: true,
    meta: { title: 'trainings.checkInTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/trainings',
    name: 'training-list',
    component: () => import('./TrainingListView.vue'),
    meta: { title: 'trainings.listTitle', roles: ['applicant', 'employer'] },
  },
  {
    path: '/my/trainings',
    name: 'my-trainings',
    component: () => import('./MyTrainingsView.vue'),
    meta: { title: 'trainings.mineTitle', roles: ['applicant'] },
  },
  {
    path: '/training-certificates/:code?',
    name: 'training-certificate',
    component: () => import('./CertificateView.vue'),
    props: true,
    meta: { title: 'trainings.certificateTitle' },
  },
]
