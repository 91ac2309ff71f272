import { defineConfig } from 'vitest/config';

// WebKit (Safari's engine) through WebKitGTK's WebKitWebDriver + MiniBrowser under Xvfb. Debian's
// WebKitGTK has no RTCPeerConnection, so these tests cover what WebKit can prove here: pages load,
// the visit says plainly that this browser cannot make calls, and the device check gets live tracks.
export default defineConfig({
  test: {
    include: ['test/webkit/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/webkit/global-setup.ts'],
    // One MiniBrowser at a time on 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
