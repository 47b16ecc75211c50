/** "Prompt from layer names" in the UI: the live line's note, the form's rules and each job's own prompt on the wire. */
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_ID } from "../../../src/contract/models.js";
import type { GenerationOptions, Job, SelectionSummary, Settings, TargetSummary } from "../../../src/messages.js";
import { createPlacementTracker } from "../../../src/ui/generation/placement-tracker.js";
import { runGeneration } from "../../../src/ui/generation/run-generation.js";
import { FakeClock, imageResponse, ManualFetch, PNG_BASE64 } from "./fakes.js";
import { DEFAULT_FORM, formFromMetadata, formFromOptions } from "../../../src/ui/form/form-state.js";
import { validateForm } from "../../../src/ui/form/validate-form.js";
import { describeNamePrompts, namePromptContext } from "../../../src/ui/names/describe-name-prompts.js";

const SETTINGS: Settings = { proxyUrl: "http://127.0.0.1:8787", accessKeyId: "AKID", secretAccessKey: "secret", region: "us-west-2" };
const DEFAULT_OPTIONS: GenerationOptions = {
  prompt: "",
  negativePrompt: "",
  modelId: DEFAULT_MODEL_ID,
  aspectRatio: "match",
  outputFormat: "png",
  seed: 0,
  variants: 1,
};

function target(name: string, hasOwnName: boolean): TargetSummary {
  return { id: name, name, width: 100, height: 100, nearestRatio: "1:1", hasOwnName };
}

const three: SelectionSummary = {
  targets: [target("Hero – mountain lake", true), target("Card – espresso cup", true), target("Frame 7", false)],
  skipped: [],
};

describe("describeNamePrompts", () => {
  it("says how many layers use their names, only while the option is on", () => {
    expect(describeNamePrompts(three, true)).toBe("2 of 3 layers use their names as prompts");
    expect(describeNamePrompts({ targets: [target("Hero", true)], skipped: [] }, true)).toBe("1 of 1 layer uses its name as its prompt");
    expect(describeNamePrompts(three, false)).toBeNull();
    expect(describeNamePrompts({ targets: [], skipped: [] }, true)).toBeNull();
  });
});

describe("the form with prompts from layer names", () => {
  const named = { ...DEFAULT_FORM, promptFromLayerNames: true };

  it("needs a typed prompt when a layer has a default name, naming that layer", () => {
    expect(validateForm({ ...named, prompt: " " }, namePromptContext(three))).toEqual({
      ok: false,
      errors: { prompt: "Frame 7 has no name of its own: type a prompt for it." },
    });
  });

  it("may leave the prompt empty when every layer has a name of its own", () => {
    const selection = { targets: three.targets.slice(0, 2), skipped: [] };
    const result = validateForm({ ...named, prompt: "" }, namePromptContext(selection));
    expect(result).toMatchObject({ ok: true, options: { prompt: "", promptFromLayerNames: true } });
    expect(validateForm({ ...named, prompt: "" }, namePromptContext({ targets: [], skipped: [] })).ok).toBe(false);
  });

  it("carries the option in the options only when it is on, and remembers it from saved options", () => {
    const on = validateForm({ ...named, prompt: "soft light" });
    expect(on.ok && on.options.promptFromLayerNames).toBe(true);
    const off = validateForm({ ...DEFAULT_FORM, prompt: "soft light" });
    expect(off.ok && "promptFromLayerNames" in off.options).toBe(false);
    expect(formFromOptions({ ...(on.ok ? on.options : ({} as never)) }).promptFromLayerNames).toBe(true);
  });

  it("turns the option off when the form opens on a layer's own (whole) prompt", () => {
    const form = formFromMetadata(
      {
        prompt: "Hero – mountain lake, soft light",
        negativePrompt: "",
        seed: 5,
        modelId: "stability.stable-image-core-v1:0",
        aspectRatio: "16:9",
        outputFormat: "png",
        createdAt: "",
        imageHash: "h",
      },
      named,
    );
    expect([form.prompt, form.promptFromLayerNames]).toEqual(["Hero – mountain lake, soft light", false]);
  });

  it("sends each job's own prompt in its request body, and the typed prompt for jobs without one", async () => {
    const fetch = new ManualFetch(() => imageResponse(PNG_BASE64, 1));
    const clock = new FakeClock();
    const tracker = createPlacementTracker();
    const options: GenerationOptions = { ...DEFAULT_OPTIONS, prompt: "soft light", promptFromLayerNames: true };
    const jobs: Job[] = [
      { jobId: "a", targetId: "1", targetName: "Hero – mountain lake", variantIndex: 0, aspectRatio: "16:9", seed: 0, prompt: "Hero – mountain lake, soft light" },
      { jobId: "b", targetId: "2", targetName: "Frame 7", variantIndex: 0, aspectRatio: "1:1", seed: 0 },
    ];
    await runGeneration(
      {
        fetch: fetch.fetch,
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        send: (message) => {
          if (message.type === "place-image") {
            queueMicrotask(() => tracker.answer({ type: "image-placed", generationId: "g", jobId: message.jobId, nodeId: "n", movedToNewFrame: false }));
          }
        },
        toFigmaImage: async (bytes) => bytes,
        waitForPlacement: tracker.wait,
      },
      { generationId: "g", jobs, options, settings: SETTINGS },
      new AbortController().signal,
      () => undefined,
    );
    expect(fetch.calls.map((call) => JSON.parse(call.body).prompt).sort()).toEqual(["Hero – mountain lake, soft light", "soft light"]);
  });
});
