/**
 * What a designer does in Framefill's UI, as steps for browser tests: every control found by its accessible name
 * (DESIGN.md), inside the plugin's iframe.
 */
import type { FrameLocator } from "playwright-core";
import type { Settings } from "../../../src/messages.js";

/** Fills the settings view (shown on first launch, or opened with the Settings button), saves, and goes back. */
export async function saveSettings(ui: FrameLocator, settings: Settings): Promise<void> {
  const proxyUrl = ui.getByLabel("Proxy URL", { exact: true });
  if (!(await proxyUrl.isVisible())) await ui.getByRole("button", { name: "Settings", exact: true }).click();
  await proxyUrl.fill(settings.proxyUrl);
  await ui.getByLabel("Access key ID", { exact: true }).fill(settings.accessKeyId);
  await ui.getByLabel("Secret access key", { exact: true }).fill(settings.secretAccessKey);
  await ui.getByLabel("Region", { exact: true }).fill(settings.region);
  await ui.getByRole("button", { name: "Save", exact: true }).click();
  await ui.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await ui.getByRole("button", { name: "Back", exact: true }).click();
}

export function promptField(ui: FrameLocator) {
  return ui.getByLabel("Prompt", { exact: true });
}

export function generateButton(ui: FrameLocator) {
  return ui.getByRole("button", { name: "Generate", exact: true });
}

export function cancelButton(ui: FrameLocator) {
  return ui.getByRole("button", { name: "Cancel", exact: true });
}

/** The live line that says what Generate will fill and what it costs. */
export function fillSummary(ui: FrameLocator) {
  return ui.getByTestId("fill-summary");
}

/** The "n of m placed" line under the progress bar. */
export function progressStatus(ui: FrameLocator) {
  return ui.getByRole("status").filter({ hasText: / of \d+ placed/ });
}
