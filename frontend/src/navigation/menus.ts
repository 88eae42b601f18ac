import type { Component } from 'vue'
import {
  Calendar,
  Checked,
  DataAnalysis,
  Document,
  Files,
  HomeFilled,
  List,
  Message,
  Money,
  Notebook,
  OfficeBuilding,
  School,
  Suitcase,
  Tickets,
  User,
  UserFilled,
  Wallet,
} from '@element-plus/icons-vue'
import type { Role } from '@/api/types'

export interface MenuItem {
  /** i18n key of the label. */
  label: string
  icon: Component
  /** Route name; absent for features that are announced but not built yet. */
  route?: string
}

export const HOME_ROUTE: Record<Role, string> = {
  applicant: 'applicant-home',
  employer: 'employer-home',
  hr: 'hr-home',
  finance: 'finance-home',
  admin: 'admin-home',
}

const account: MenuItem = { label: 'nav.account', icon: User, route: 'account' }

/** Each role's menu. Items without a route show as "coming soon" until their feature lands. */
export const MENUS: Record<Role, MenuItem[]> = {
  applicant: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.applicant },
    { label: 'menu.profile', icon: Document },
    { label: 'menu.fairs', icon: Calendar },
    { label: 'menu.internships', icon: School },
    { label: 'menu.subsidies', icon: Money },
    account,
  ],
  employer: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.employer },
    { label: 'menu.enterprise', icon: OfficeBuilding },
    { label: 'menu.positions', icon: Suitcase },
    { label: 'menu.booths', icon: Tickets },
    account,
  ],
  hr: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.hr },
    { label: 'menu.enterpriseReview', icon: Checked },
    { label: 'menu.fairAdmin', icon: Calendar },
    { label: 'menu.internshipAdmin', icon: School },
    { label: 'menu.subsidyReview', icon: Money },
    { label: 'menu.rosters', icon: List },
    { label: 'menu.reports', icon: DataAnalysis },
    account,
  ],
  finance: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.finance },
    { label: 'menu.financeReview', icon: Checked },
    { label: 'menu.payouts', icon: Wallet },
    { label: 'menu.reports', icon: DataAnalysis },
    account,
  ],
  admin: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.admin },
    { label: 'menu.users', icon: UserFilled, route: 'admin-users' },
    { label: 'menu.outbox', icon: Message, route: 'admin-outbox' },
    { label: 'menu.audit', icon: Notebook, route: 'admin-audit' },
    { label: 'menu.policies', icon: Files },
    account,
  ],
}
