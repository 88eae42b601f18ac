import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// The API is always reached through the relative base /api/v1, so the same dist works when the
// Rust server serves it and behind nginx; in development Vite forwards /api to a local server.
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is large; keep it in its own long-cached chunk instead of the app chunk.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: {
          'element-plus': ['element-plus'],
          vue: ['vue', 'vue-router', 'pinia', 'vue-i18n'],
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.spec.ts'],
    restoreMocks: true,
    // Run Element Plus through Vite so its `import AsyncValidator from 'async-validator'` gets the
    // ES build; loaded by Node, the default import is the CommonJS namespace and form validation throws.
    server: { deps: { inline: ['element-plus'] } },
  },
})
