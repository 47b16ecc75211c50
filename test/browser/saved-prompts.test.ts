/**
 * Saved prompts in a real browser with the built plugin and UI: "Save prompt" stores the form in the file, the
 * "Saved prompts" menu shows it after the plugin is closed and run again in the same file, choosing it fills the
 * form, and it can be renamed and deleted (the delete taken back with one undo). Screenshots of the menu in Figma's
 * light and dark themes go to test-results/screenshots (docs/saved-prompts.png is made from them).
 */
import { describe, expect, it } from "vitest";
import { promptField, saveSettings } from "../support/browser-harness/framefill-ui.js";
import { useHarnessWithProxy } from "../support/browser-harness/use-harness-with-proxy.js";

const fixture = useHarnessWithProxy();

const menuButton = () => fixture.harness.ui.getByRole("button", { name: "Saved prompts", exact: true });
const menu = () => fixture.harness.ui.getByRole("list", { name: "Saved prompts" });

async function savePrompt(name: string) {
  const { ui } = fixture.harness;
  await ui.getByRole("button", { name: "Save prompt", exact: true }).click();
  const group = ui.getByRole("group", { name: "Save prompt" });
  await group.getByLabel("Name", { exact: true }).fill(name);
  await group.getByRole("button", { name: "Save", exact: true }).click();
  await group.waitFor({ state: "detached" });
}

describe("Saved prompts", () => {
  for (const theme of ["light", "dark"] as const) {
    it(`are kept in the file and seen after the plugin is run again (${theme})`, async () => {
      await fixture.harness.newDocument({ theme });
      await fixture.harness.runPlugin();
      const { ui } = fixture.harness;
      await saveSettings(ui, fixture.settings);

      // Validated like the form: no prompt, no save.
      await ui.getByRole("button", { name: "Save prompt", exact: true }).click();
      const group = ui.getByRole("group", { name: "Save prompt" });
      await group.getByRole("button", { name: "Save", exact: true }).click();
      expect(await group.getByRole("alert").textContent()).toBe("Name the prompt.");
      await group.getByLabel("Name", { exact: true }).fill("House style");
      await group.getByRole("button", { name: "Save", exact: true }).click();
      expect(await ui.getByRole("alert").filter({ hasText: "Describe the image you want." }).count()).toBe(1);
      await group.getByRole("button", { name: "Close", exact: true }).click();

      await promptField(ui).fill("Editorial photo, soft window light");
      await ui.getByLabel("Negative prompt", { exact: true }).fill("text, watermark");
      await ui.getByLabel("Aspect ratio", { exact: true }).selectOption("4:5");
      await savePrompt("House style");
      await promptField(ui).fill("Flat illustration, pastel colours");
      await ui.getByLabel("Aspect ratio", { exact: true }).selectOption("16:9");
      await savePrompt("Illustrations");

      await fixture.harness.reopenPlugin();
      await promptField(fixture.harness.ui).waitFor();
      await promptField(fixture.harness.ui).fill("");
      await menuButton().click();
      await expect.poll(() => menu().getByRole("listitem").allTextContents()).toEqual([
        "House styleRenameDelete",
        "IllustrationsRenameDelete",
      ]);
      await fixture.harness.screenshotUi(`saved-prompts-${theme}`);

      await menu().getByRole("button", { name: "House style", exact: true }).click();
      expect(await promptField(fixture.harness.ui).inputValue()).toBe("Editorial photo, soft window light");
      expect(await fixture.harness.ui.getByLabel("Negative prompt", { exact: true }).inputValue()).toBe("text, watermark");
      expect(await fixture.harness.ui.getByLabel("Aspect ratio", { exact: true }).inputValue()).toBe("4:5");
      expect(await menu().count()).toBe(0);
    });
  }

  it("renames and deletes a saved prompt, and one undo brings a deleted one back", async () => {
    const { ui } = fixture.harness;
    await menuButton().click();
    await menu().getByRole("button", { name: "Rename Illustrations", exact: true }).click();
    const newName = ui.getByLabel("New name for Illustrations", { exact: true });
    await newName.fill("House style");
    await ui.getByRole("button", { name: "Rename", exact: true }).click();
    expect(await ui.getByRole("alert").textContent()).toBe("Another saved prompt is called House style.");
    await newName.fill("Pastel illustrations");
    await ui.getByRole("button", { name: "Rename", exact: true }).click();
    await menu().getByRole("button", { name: "Pastel illustrations", exact: true }).waitFor();

    await menu().getByRole("button", { name: "Delete House style", exact: true }).click();
    await expect.poll(() => menu().getByRole("listitem").count()).toBe(1);

    expect(await fixture.harness.undo()).toBe(true);
    await menuButton().click();
    await menuButton().click();
    await expect.poll(() => menu().getByRole("button", { name: /^(House style|Pastel illustrations)$/ }).allTextContents()).toEqual([
      "House style",
      "Pastel illustrations",
    ]);
  });
});
