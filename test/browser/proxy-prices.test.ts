/**
 * An admin who sets PROXY_PRICES charges their own price; the panel shows and checks that price, not the published
 * one, because the proxy advertises what it charges in `/healthz`. In a real browser against a real proxy (preview
 * backend) priced at $0.05 a Core image where the published price is $0.04.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { fillSummary, generateButton, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const CORE = "stability.stable-image-core-v1:0";
const fixture = useHarnessWithProxy({ proxy: { env: { PROXY_PRICES: JSON.stringify({ [CORE]: 0.05 }) } } });

beforeEach(async () => {
  await fixture.harness.newDocument({ theme: "light" });
});

async function openWithThreeFrames(settings = fixture.settings): Promise<void> {
  const ids: string[] = [];
  for (let index = 0; index < 3; index++) {
    ids.push(await fixture.harness.createFrame({ name: `Frame ${index + 1}`, width: 800, height: 800, x: index * 1000 }));
  }
  await fixture.harness.select(ids);
  await fixture.harness.runPlugin();
  await saveSettings(fixture.harness.ui, settings);
}

describe("the proxy's own prices in the panel", () => {
  it("shows the model and the cost line at the price the proxy charges", async () => {
    const { ui } = fixture.harness;
    await openWithThreeFrames();
    await expect.poll(() => fillSummary(ui).textContent()).toContain("3 images · $0.15");
    const coreOption = ui.getByLabel("Model", { exact: true }).locator(`option[value="${CORE}"]`);
    expect(await coreOption.textContent()).toBe("Stable Image Core · $0.05");
  });

  it("stops a generation that fits the budget at the published price but not at the proxy's", async () => {
    const { ui } = fixture.harness;
    // $0.13 a day: three images are $0.12 at the published price, $0.15 at this proxy's.
    const key = await fixture.proxy.proxy.keys.create({ name: "priced-designer", limits: { microUsdPerDay: 130_000 } });
    await openWithThreeFrames({ ...fixture.settings, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
    const message = ui.getByText(/^This costs \$0\.15, but your access key has only \$0\.13 left today\./);
    await message.waitFor();
    expect(await generateButton(ui).isDisabled()).toBe(true);
    expect(fixture.proxy.backendCalls).toHaveLength(0);
  });
});
