import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The Maven build runs `npm run build`; the output lands inside the module's jar under
// webroot/admin-ui/, which the server serves from the classpath at `/admin` (to admins only;
// everyone else gets public/signin.html).
export default defineConfig({
  base: '/admin/',
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: 'target/classes/webroot/admin-ui',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev` against a server on :8080 (override with PARLEY_URL).
    proxy: {
      '/api': { target: process.env.PARLEY_URL ?? 'http://localhost:8080', changeOrigin: false },
      '/static': { target: process.env.PARLEY_URL ?? 'http://localhost:8080', changeOrigin: false },
    },
  },
});
