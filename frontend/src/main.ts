import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles/main.css'
import App from './App.vue'
import { applyLocale, createAppI18n } from './i18n'
import { createAppRouter, watchSessionExpiry } from './router'
import { watchTables } from './utils/cardTables'

const i18n = createAppI18n()
const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(ElementPlus)
const router = createAppRouter()
app.use(router)
applyLocale(i18n.global, i18n.global.locale.value)
watchSessionExpiry(router)

// Mount after the first navigation so a restored session never flashes the logged-out header.
void router.isReady().then(() => {
  app.mount('#app')
  watchTables()
})
