import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/api/types'
import { ROLES } from '@/api/types'
import { HOME_ROUTE } from '@/navigation/menus'
import { fairRoutes } from '@/views/fairs/fairRoutes'
import { internshipRoutes } from '@/views/internships/internshipRoutes'
import { subsidyRoutes } from '@/views/subsidies/subsidyRoutes'
import { payoutRoutes } from '@/views/payouts/payoutRoutes'
import { rosterRoutes } from '@/views/rosters/rosterRoutes'
import { reportRoutes } from '@/views/reports/reportRoutes'
import { villageRoutes } from '@/views/villages/villageRoutes'
import { recruitmentRoutes } from '@/views/recruitments/recruitmentRoutes'
import { symposiumRoutes } from '@/views/symposiums/symposiumRoutes'
import { privacyRoutes } from '@/views/privacy/privacyRoutes'
import { trainingRoutes } from '@/views/trainings/trainingRoutes'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title?: string
    /** Roles that may open the page; absent means the page is public. */
    roles?: readonly Role[]
    /** Only for visitors who are not logged in (log in, register). */
    guestOnly?: boolean
    /** Which role's workspace home the page shows. */
    homeRole?: Role
  }
}

const WorkspaceHome = () => import('@/views/workspace/WorkspaceHome.vue')

const roleHomes: RouteRecordRaw[] = ROLES.map((role) => ({
  path: `/${role}`,
  name: HOME_ROUTE[role],
  component: WorkspaceHome,
  meta: { title: `workspace.${role}.title`, roles: [role], homeRole: role },
}))

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/views/public/HomeView.vue'), meta: { title: 'nav.home' } },
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { title: 'auth.login.title', guestOnly: true },
  },
  {
    path: '/register',
    name: 'register',
    component: () => import('@/views/auth/RegisterView.vue'),
    meta: { title: 'auth.register.title', guestOnly: true },
  },
  {
    path: '/verify-email',
    name: 'verify-email',
    component: () => import('@/views/auth/VerifyEmailView.vue'),
    meta: { title: 'auth.verify.title' },
  },
  {
    path: '/resend-verification',
    name: 'resend-verification',
    component: () => import('@/views/auth/ResendVerificationView.vue'),
    meta: { title: 'auth.resend.title' },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('@/views/auth/ForgotPasswordView.vue'),
    meta: { title: 'auth.forgot.title' },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('@/views/auth/ResetPasswordView.vue'),
    meta: { title: 'auth.reset.title' },
  },
  // Sends each role to its own home; the guard resolves it.
  { path: '/workspace', name: 'workspace', component: WorkspaceHome, meta: { title: 'nav.workspace', roles: ROLES } },
  ...roleHomes,
  {
    path: '/account',
    name: 'account',
    component: () => import('@/views/account/AccountView.vue'),
    meta: { title: 'account.title', roles: ROLES },
  },
  {
    path: '/account/password',
    name: 'change-password',
    component: () => import('@/views/account/ChangePasswordView.vue'),
    meta: { title: 'account.changePassword', roles: ROLES },
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('@/views/admin/UsersView.vue'),
    meta: { title: 'admin.users.title', roles: ['admin'] },
  },
  {
    path: '/admin/outbox',
    name: 'admin-outbox',
    component: () => import('@/views/admin/OutboxView.vue'),
    meta: { title: 'admin.outbox.title', roles: ['admin'] },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('@/views/admin/AuditView.vue'),
    meta: { title: 'admin.audit.title', roles: ['admin'] },
  },
  {
    path: '/applicant/profile',
    name: 'my-profile',
    component: () => import('@/views/applicant/ProfileView.vue'),
    meta: { title: 'profile.title', roles: ['applicant'] },
  },
  {
    path: '/files',
    name: 'my-attachments',
    component: () => import('@/views/attachments/AttachmentsView.vue'),
    meta: { title: 'attachments.title', roles: ['applicant', 'employer'] },
  },
  {
    path: '/talents',
    name: 'talent-pool',
    component: () => import('@/views/talents/TalentPoolView.vue'),
    meta: { title: 'talents.title', roles: ['hr', 'admin'] },
  },
  {
    path: '/talents/:userId',
    name: 'talent-detail',
    component: () => import('@/views/talents/TalentDetailView.vue'),
    props: true,
    meta: { title: 'talents.detailTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/employer/enterprise',
    name: 'my-enterprise',
    component: () => import('@/views/enterprises/MyEnterpriseView.vue'),
    meta: { title: 'enterprise.title', roles: ['employer'] },
  },
  {
    path: '/employer/positions',
    name: 'my-positions',
    component: () => import('@/views/positions/MyPositionsView.vue'),
    meta: { title: 'positions.title', roles: ['employer'] },
  },
  {
    path: '/enterprises/review',
    name: 'enterprise-review',
    component: () => import('@/views/enterprises/EnterpriseReviewView.vue'),
    meta: { title: 'review.title', roles: ['hr', 'admin'] },
  },
  {
    path: '/positions',
    name: 'position-search',
    component: () => import('@/views/positions/PositionSearchView.vue'),
    meta: { title: 'jobs.title' },
  },
  {
    path: '/positions/:id',
    name: 'position-detail',
    component: () => import('@/views/positions/PositionDetailView.vue'),
    props: true,
    meta: { title: 'jobs.detailTitle' },
  },
  ...fairRoutes,
  ...internshipRoutes,
  ...subsidyRoutes,
  ...payoutRoutes,
  ...rosterRoutes,
  ...reportRoutes,
  ...villageRoutes,
  ...recruitmentRoutes,
  ...symposiumRoutes,
  ...privacyRoutes,
  ...trainingRoutes,
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('@/views/system/ForbiddenView.vue'),
    meta: { title: 'system.forbidden.title' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/system/NotFoundView.vue'),
    meta: { title: 'system.notFound.title' },
  },
]
