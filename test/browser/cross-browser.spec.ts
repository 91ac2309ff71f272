// Two engines in one visit: Chromium and Firefox ESR call each other through the real server, each
// side in either role. Runs once (the 'own-browsers' project): the test launches Firefox itself.
import { expect, test } from './support/engines.js';
import {
  demoLinks,
  expectCleanServerLog,
  expectInlineAutoplayVideos,
  expectRemoteMediaFlowing,
  newPeerPage,
  tokenOf,
} from './support/visit.js';

for (const providerEngine of ['chromium', 'firefox'] as const) {
  const clientEngine = providerEngine === 'chromium' ? 'firefox' : 'chromium';
  test(`provider in ${providerEngine}, client in ${clientEngine}: both see and hear each other`, async ({ browser, firefoxBrowser }) => {
    const engines = { chromium: browser, firefox: firefoxBrowser };
    expect(browser.browserType().name()).toBe('chromium');
    expect(firefoxBrowser.browserType().name()).toBe('firefox');
    const links = demoLinks();
    const providerCtx = await engines[providerEngine].newContext();
    const clientCtx = await engines[clientEngine].newContext();
    const provider = await newPeerPage(providerCtx);
    const client = await newPeerPage(clientCtx);

    await client.goto(links.clientUrl);
    await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
    await provider.goto(links.providerUrl);
    await provider.getByRole('button', { name: 'Admit Jordan' }).click();
    await expectRemoteMediaFlowing(client);
    await expectRemoteMediaFlowing(provider);
    await expectInlineAutoplayVideos(client);
    await expectInlineAutoplayVideos(provider);
    expectCleanServerLog([tokenOf(links.clientUrl), tokenOf(links.providerUrl)]);
    await clientCtx.close();
    await providerCtx.close();
  });
}
