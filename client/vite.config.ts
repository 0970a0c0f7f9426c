import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

/**
 * Dev server proxies the API and Socket.IO to the Redress server on :3000, so the browser sees one
 * origin (cookies and CSRF work as in production). `vite build` writes client/dist, which the
 * server serves: every asset also as .gz and .br beside it (compressed once here, at the highest
 * levels, so the server only picks the variant the browser accepts), and .vite/manifest.json
 * (which chunks each page imports; the client size budget test reads it).
 *
 * Pages are loaded on demand (routes.tsx), so each route downloads only its own code: the
 * customer's form never loads the console, antd's heavy components, recharts or socket.io-client.
 */
export default defineConfig({
  plugins: [
    react(),
    compression({
      algorithms: [defineAlgorithm('gzip', { level: 9 }), defineAlgorithm('brotliCompress', {})],
      include: /\.(js|mjs|css|html|svg|json|txt|map)$/,
      threshold: 1024,
    }),
  ],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/socket.io': { target: 'http://localhost:3000', ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        // React changes rarely; its own chunk keeps app deploys cheap for returning browsers. No
        // catch-all antd chunk: that would make every page load every antd component any page uses.
        manualChunks: {
          react: ['react', 'react-dom', 'react-dom/client', 'react-router-dom', 'react-router'],
        },
      },
    },
  },
});
