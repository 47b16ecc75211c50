/** Reads the settings and last options from figma.clientStorage; anything missing or malformed reads as null. */
import type { GenerationOptions, Settings } from "../../messages.js";
import { checkGenerationOptions } from "./check-generation-options.js";
import { isSettings } from "./is-settings.js";
import { OPTIONS_KEY, SETTINGS_KEY } from "./storage-keys.js";

export async function loadStored(storage: ClientStorageAPI): Promise<{ settings: Settings | null; options: GenerationOptions | null }> {
  const [settings, options] = await Promise.all([storage.getAsync(SETTINGS_KEY), storage.getAsync(OPTIONS_KEY)]);
  return {
    settings: isSettings(settings) ? settings : null,
    options: checkGenerationOptions(options) === null ? (options as GenerationOptions) : null,
  };
}
