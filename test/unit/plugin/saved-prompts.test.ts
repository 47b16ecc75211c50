/**
 * Saved prompts: named copies of the form kept in the file's shared plugin data (so collaborators and a reopened
 * plugin see them), validated like the form, renamed and deleted, each change its own undo step.
 */
import { describe, expect, it } from "vitest";
import type { MainToUi, SavedPrompt } from "../../../src/messages.js";
import {
  deletePrompt,
  parseSavedPrompts,
  renamePrompt,
  SAVED_PROMPTS_KEY,
  savePrompt,
  serializeSavedPrompts,
} from "../../../src/plugin/saved-prompts/saved-prompts-index.js";
import { startPlugin } from "../../../src/plugin/start-plugin.js";
import { createHarness } from "./harness.js";

function saved(name: string, patch: Partial<SavedPrompt> = {}): SavedPrompt {
  return {
    name,
    prompt: `${name} prompt`,
    negativePrompt: "",
    aspectRatio: "match",
    modelId: "stability.stable-image-core-v1:0",
    outputFormat: "png",
    ...patch,
  };
}

type Saved = Extract<MainToUi, { type: "saved-prompts" }>;

describe("the saved-prompts list", () => {
  it("keeps prompts in name order, one per name (ignoring case and spaces), trimmed like the form", () => {
    let change = savePrompt([], saved("Product shot"));
    change = change.ok ? savePrompt(change.prompts, saved("  House style ", { prompt: "  editorial photo  " })) : change;
    change = change.ok ? savePrompt(change.prompts, saved("house STYLE", { prompt: "replaced" })) : change;
    expect(change).toEqual({
      ok: true,
      prompts: [saved("house STYLE", { prompt: "replaced" }), saved("Product shot")],
    });
  });

  it.each([
    [{ name: "  " }, "a saved prompt needs a name"],
    [{ name: "x".repeat(61) }, "a saved prompt's name has at most 60 characters"],
    [{ prompt: "   " }, "the prompt is empty"],
    [{ prompt: "a".repeat(10_001) }, "the prompt is over 10,000 characters"],
    [{ negativePrompt: "a".repeat(10_001) }, "the negative prompt is over 10,000 characters"],
    [{ aspectRatio: "7:3" as never }, "the aspect ratio 7:3 is not supported"],
    [{ outputFormat: "bmp" as never }, "the output format bmp is not supported"],
  ])("refuses %j: %s", (patch, problem) => {
    expect(savePrompt([], saved("Name", patch))).toEqual({ ok: false, problem });
  });

  it("renames, refusing a name another prompt has, and deletes", () => {
    const prompts = [saved("A"), saved("B")];
    expect(renamePrompt(prompts, "A", " C ")).toEqual({ ok: true, prompts: [saved("B"), saved("A", { name: "C" })] });
    expect(renamePrompt(prompts, "A", "b")).toEqual({ ok: false, problem: "a saved prompt is already called b" });
    expect(renamePrompt(prompts, "A", "a")).toEqual({ ok: true, prompts: [saved("A", { name: "a" }), saved("B")] });
    expect(renamePrompt(prompts, "Z", "Y")).toEqual({ ok: false, problem: "there is no saved prompt called Z" });
    expect(deletePrompt(prompts, "a")).toEqual({ ok: true, prompts: [saved("B")] });
  });

  it("refuses a change that would not fit Figma's 100 kB per entry", () => {
    let prompts: SavedPrompt[] = [];
    for (let i = 0; i < 9; i++) {
      const change = savePrompt(prompts, saved(`P${i}`, { prompt: "a".repeat(10_000) }));
      if (!change.ok) throw new Error(change.problem);
      prompts = change.prompts;
    }
    expect(savePrompt(prompts, saved("One more", { prompt: "a".repeat(10_000) }))).toEqual({
      ok: false,
      problem: "this file's saved prompts would be over Figma's 100 kB: delete some first",
    });
  });

  it("reads what it wrote and skips malformed entries", () => {
    expect(parseSavedPrompts(serializeSavedPrompts([saved("A")]))).toEqual([saved("A")]);
    expect(parseSavedPrompts(JSON.stringify([saved("A"), { name: "broken" }]))).toEqual([saved("A")]);
    expect(parseSavedPrompts("nope")).toEqual([]);
  });
});

describe("saved prompts in a file", () => {
  it("stores them in the document's shared plugin data, one undo step each, and a reopened plugin sees them", async () => {
    const h = createHarness();
    expect((await h.ready()).type).toBe("init");
    expect((await h.next("saved-prompts")).prompts).toEqual([]);
    h.figma.commitUndo();
    const commits = h.figma.commitUndoCalls;

    h.send({ type: "save-prompt", prompt: saved("House style", { prompt: "editorial photo, soft light", aspectRatio: "4:5" }) });
    expect((await h.next("saved-prompts")).prompts.map((p) => p.name)).toEqual(["House style"]);
    h.send({ type: "rename-saved-prompt", name: "House style", newName: "Team style" });
    expect((await h.next("saved-prompts")).prompts.map((p) => p.name)).toEqual(["Team style"]);
    expect(h.figma.commitUndoCalls - commits).toBe(2);
    expect(parseSavedPrompts(h.figma.root.getSharedPluginData("framefill", SAVED_PROMPTS_KEY))).toEqual([
      saved("Team style", { prompt: "editorial photo, soft light", aspectRatio: "4:5" }),
    ]);

    // The plugin run again in the same file (a collaborator, or the same designer later).
    h.figma.reopen();
    startPlugin(h.figma as unknown as PluginAPI, "<html>framefill ui</html>");
    h.figma.triggerRun();
    h.ui.send({ type: "ui-ready" });
    await h.next("init");
    expect((await h.next("saved-prompts")).prompts.map((p) => [p.name, p.prompt])).toEqual([["Team style", "editorial photo, soft light"]]);

    expect(h.figma.triggerUndo()).toBe(true);
    h.send({ type: "list-saved-prompts" });
    expect((await h.next("saved-prompts")).prompts.map((p) => p.name)).toEqual(["House style"]);
  });

  it("answers a refused change with the list unchanged and the reason", async () => {
    const h = createHarness();
    await h.ready();
    await h.next("saved-prompts");
    h.send({ type: "save-prompt", prompt: saved("", { prompt: "x" }) });
    expect(await h.next("saved-prompts")).toEqual({
      type: "saved-prompts",
      prompts: [],
      refused: "Framefill couldn't save the prompt: a saved prompt needs a name.",
    } satisfies Saved);
    h.send({ type: "delete-saved-prompt", name: "Missing" });
    expect((await h.next("saved-prompts")).refused).toBe("Framefill couldn't delete the saved prompt: there is no saved prompt called Missing.");
    expect(h.figma.root.getSharedPluginData("framefill", SAVED_PROMPTS_KEY)).toBe("");
  });
});
