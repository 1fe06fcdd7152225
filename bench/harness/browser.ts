// Headless Debian Chromium through Playwright (never `playwright install`: the browser comes from apt).
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The flags the end-to-end tests use too (playwright.config.ts): no sandbox as root, nothing phoning home.
const chromiumFlags = (
  '--no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking ' +
  '--disable-component-update --disable-sync --disable-dev-shm-usage'
).split(' ');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: chromiumFlags,
  });
}

/**
 * Lighthouse's desktop lab profile (40 ms RTT, 10 Mbit/s down, 1× CPU): LCP "in the lab" means under
 * these conditions, not over bare loopback.
 */
export const labNetwork = { latencyMs: 40, downloadKbps: 10_240, uploadKbps: 10_240, cpuSlowdown: 1 };

export async function emulateLabConditions(
  context: BrowserContext,
  page: Parameters<BrowserContext['newCDPSession']>[0],
) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: labNetwork.latencyMs,
    downloadThroughput: (labNetwork.downloadKbps * 1024) / 8,
    uploadThroughput: (labNetwork.uploadKbps * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: labNetwork.cpuSlowdown });
}
