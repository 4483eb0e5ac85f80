import { defineConfig, devices } from '@playwright/test';
import { chromiumForTests } from './src/node/browser';

// The system's Chromium, else Playwright's own (installed now if missing), else one line saying what to install.
const executablePath = chromiumForTests();
// ForceEagerMeasureMemory: performance.measureUserAgentSpecificMemory() answers at once (memory tests).
const chromiumArgs = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-blink-features=ForceEagerMeasureMemory'];
// E2E_PORT: a second checkout on the same machine can run its tests beside this one.
const port = Number(process.env.E2E_PORT ?? 4321);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    // The site's service worker would precache every page in every test's fresh context and answer
    // requests the tests count or intercept: only tests/e2e/offline.spec.ts lets it run.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /webgpu\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath, args: chromiumArgs } },
    },
    {
      // Headless Chromium exposes WebGPU only with this flag (on a SwiftShader adapter without a GPU).
      name: 'chromium-webgpu',
      testMatch: /webgpu\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath, args: [...chromiumArgs, '--enable-unsafe-webgpu'] } },
    },
  ],
  // Tests run against the production build (npm test builds first), served as a static host would
  // (scripts/serve-dist.ts: _headers applied, precompressed files).
  webServer: {
    command: `npx tsx scripts/serve-dist.ts --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
