/**
 * Settings and looks in a real browser: settings and the last options survive closing and reopening the plugin
 * (figma.clientStorage, through main), the secret is never shown back, Test connection reports success and an
 * unreachable proxy, and the UI follows Figma's light and dark themes (screenshots saved to test-results/screenshots).
 */
import { describe, expect, it } from "vitest";
import type { Settings } from "../../src/messages.js";
import { openHarness, type FigmaTheme } from "../support/browser-harness/index.js";
import { fillSummary, generateButton, progressStatus, promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const fixture = useHarnessWithProxy();

describe("settings", () => {
  it("survive closing and reopening the plugin, with the last options, and the secret is never shown back", async () => {
    await fixture.harness.newDocument({ theme: "light" });
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;
    await expect.poll(() => ui.getByLabel("Proxy URL", { exact: true }).isVisible()).toBe(true);
    await saveSettings(ui, fixture.settings);
    await promptField(ui).fill("A red bicycle against a yellow wall");
    await ui.getByLabel("Aspect ratio", { exact: true }).selectOption("3:2");
    await ui.getByLabel("Seed", { exact: true }).fill("777");
    await generateButton(ui).click();
    await progressStatus(ui).filter({ hasText: "1 of 1 placed" }).waitFor();

    // The same designer's machine, a new document, the plugin launched again.
    await fixture.harness.newDocument({ theme: "light", keepStorage: true });
    const frame = await fixture.harness.createFrame({ name: "Poster", width: 1200, height: 800 });
    await fixture.harness.select([frame]);
    await fixture.harness.runPlugin();
    await expect.poll(() => promptField(ui).inputValue()).toBe("A red bicycle against a yellow wall");
    expect(await ui.getByLabel("Aspect ratio", { exact: true }).inputValue()).toBe("3:2");
    expect(await ui.getByLabel("Seed", { exact: true }).inputValue()).toBe("777");
    expect(await ui.getByLabel("Proxy URL", { exact: true }).count()).toBe(0);

    // The Model menu offers the models this proxy serves (its default allow-list), not every model Framefill knows.
    await expect
      .poll(() => ui.getByLabel("Model", { exact: true }).locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)))
      .toEqual(["stability.stable-image-core-v1:0", "stability.stable-image-core-v1:1"]);

    await ui.getByRole("button", { name: "Settings", exact: true }).click();
    expect(await ui.getByLabel("Proxy URL", { exact: true }).inputValue()).toBe(fixture.proxy.url);
    expect(await ui.getByLabel("Access key ID", { exact: true }).inputValue()).toBe(fixture.proxy.key.accessKeyId);
    expect(await ui.getByLabel("Region", { exact: true }).inputValue()).toBe("us-west-2");
    expect(await ui.getByLabel("Secret access key", { exact: true }).inputValue()).toBe("");
    expect(await ui.locator("html").evaluate((html) => html.outerHTML)).not.toContain(fixture.proxy.key.secretAccessKey);
    // Twice in quick succession: the same second, yet each test is signed differently (a signature is accepted once).
    for (let attempt = 0; attempt < 2; attempt++) {
      await ui.getByRole("button", { name: "Test connection", exact: true }).click();
      await expect.poll(() => ui.getByRole("status").filter({ hasText: "Connected." }).textContent()).toMatch(
        /The key .* works with the proxy on its preview backend/,
      );
    }
    await ui.getByRole("button", { name: "Back", exact: true }).click();

    await generateButton(ui).click();
    await progressStatus(ui).filter({ hasText: "1 of 1 placed" }).waitFor();
    expect((await fixture.harness.placedImages(frame)).map(({ width, height }) => ({ width, height }))).toEqual([{ width: 1216, height: 832 }]);
  });

  it("Test connection says when nothing answers at the proxy URL", async () => {
    await fixture.harness.newDocument({ theme: "light" });
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;
    await ui.getByLabel("Proxy URL", { exact: true }).fill("http://127.0.0.1:9");
    await ui.getByLabel("Access key ID", { exact: true }).fill(fixture.proxy.key.accessKeyId);
    await ui.getByLabel("Secret access key", { exact: true }).fill(fixture.proxy.key.secretAccessKey);
    await ui.getByRole("button", { name: "Test connection", exact: true }).click();
    await expect.poll(() => ui.getByRole("alert").textContent()).toMatch(
      /Couldn't reach the proxy at http:\/\/127\.0\.0\.1:9\..*npm run configure -- --proxy-url http:\/\/127\.0\.0\.1:9/,
    );
  });
});

describe("Test connection names auth problems that need more than a new key", () => {
  it("a Region the proxy does not serve", async () => {
    await fixture.harness.newDocument({ theme: "light" });
    await fixture.harness.runPlugin();
    const { ui } = fixture.harness;
    await saveSettings(ui, { ...fixture.settings, region: "eu-central-1" });
    await ui.getByRole("button", { name: "Settings", exact: true }).click();
    await ui.getByRole("button", { name: "Test connection", exact: true }).click();
    await expect.poll(() => ui.getByRole("alert").textContent()).toMatch(
      /The Region doesn't match the proxy's \(Credential should be scoped to a valid region, not 'eu-central-1'.*'us-west-2'/,
    );
  });

  it("a clock that is off, and by how much, from the proxy's Date header", async () => {
    const skewed = await openHarness();
    try {
      await skewed.page.clock.setSystemTime(new Date(Date.now() + 10 * 60_000));
      await skewed.newDocument({ theme: "light" });
      await skewed.runPlugin();
      const { ui } = skewed;
      await ui.getByLabel("Proxy URL", { exact: true }).fill(fixture.settings.proxyUrl);
      await ui.getByLabel("Access key ID", { exact: true }).fill(fixture.settings.accessKeyId);
      await ui.getByLabel("Secret access key", { exact: true }).fill(fixture.settings.secretAccessKey);
      await ui.getByRole("button", { name: "Test connection", exact: true }).click();
      await expect.poll(() => ui.getByRole("alert").textContent()).toMatch(
        /Your computer's clock is off, so the proxy refused the signature\. It is 10 minutes ahead of the proxy's\./,
      );
    } finally {
      await skewed.close();
    }
  });
});

describe("Figma's themes", () => {
  const backgrounds: Record<FigmaTheme, string> = { light: "rgb(255, 255, 255)", dark: "rgb(44, 44, 44)" };
  // Figma's brand background in each theme (#0d99ff, #0c8ce9): the two themes really differ where the product paints.
  const brand: Record<FigmaTheme, string> = { light: "rgb(13, 153, 255)", dark: "rgb(12, 140, 233)" };

  for (const theme of ["light", "dark"] as const) {
    it(`uses Figma's ${theme} theme variables (screenshots in test-results/screenshots)`, async () => {
      await fixture.harness.newDocument({ theme });
      const ids = [
        await fixture.harness.createFrame({ name: "Hero", width: 1600, height: 900 }),
        await fixture.harness.createFrame({ name: "Card", width: 400, height: 500, x: 2000 }),
      ];
      const title = await fixture.harness.createText("Headline");
      await fixture.harness.select([...ids, title]);
      await fixture.harness.runPlugin();
      const { ui } = fixture.harness;

      await expect.poll(() => ui.locator("html").getAttribute("class")).toBe(`figma-${theme}`);
      expect(await ui.locator("body").evaluate((body) => getComputedStyle(body).backgroundColor)).toBe(backgrounds[theme]);
      await fixture.harness.screenshotUi(`settings-first-run-${theme}`);

      await saveSettings(ui, fixture.settings);
      await promptField(ui).fill("Morning fog over a pine forest, editorial photo");
      await ui.getByLabel("Variants", { exact: true }).selectOption("2");
      await expect.poll(() => fillSummary(ui).textContent()).toContain("Skipping 1 layer: Headline");
      expect(await fillSummary(ui).textContent()).toContain("4 images · $0.16");
      // The product's own CSS follows the theme: its controls take Figma's tokens for this theme, not fixed colours.
      const token = (property: string, variable: string) =>
        ui.locator("body").evaluate(
          (body, [cssProperty, cssVariable]) => {
            const probe = body.ownerDocument.createElement("div");
            probe.style.setProperty(cssProperty!, `var(${cssVariable})`);
            body.append(probe);
            const value = getComputedStyle(probe).getPropertyValue(cssProperty!);
            probe.remove();
            return value;
          },
          [property, variable],
        );
      const generateStyle = await generateButton(ui).evaluate((button) => ({
        background: getComputedStyle(button).backgroundColor,
        color: getComputedStyle(button).color,
      }));
      expect(generateStyle).toEqual({
        background: await token("background-color", "--figma-color-bg-brand"),
        color: await token("color", "--figma-color-text-onbrand"),
      });
      expect(await promptField(ui).evaluate((field) => getComputedStyle(field).color)).toBe(await token("color", "--figma-color-text"));
      expect(await generateButton(ui).evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(brand[theme]);
      await fixture.harness.screenshotUi(`generate-${theme}`);

      await generateButton(ui).click();
      await progressStatus(ui).filter({ hasText: "4 of 4 placed" }).waitFor();
      await fixture.harness.screenshotUi(`done-${theme}`);
    });
  }
});
