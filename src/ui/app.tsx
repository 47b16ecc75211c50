/**
 * Framefill's UI: holds the form, the settings and the current run, speaks the message protocol with main
 * (src/messages.ts), and runs each planned generation through the pool. Every I/O it needs comes in as `deps`, so the
 * browser harness and Figma run the same component.
 *
 * The flow: `ui-ready` → `init` (settings, last options, selection, relaunch) → Generate validates the form, sends
 * `save-options` and `plan-generation` → `generation-planned` brings the jobs → `runGeneration` → `finish-generation`.
 * What the key has left (`GET /framefill/v1/usage`) is asked when the panel opens, after settings change and after each
 * generation; a generation that would go over it is not sent.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { KeyUsage } from "../contract/key-usage.js";
import { IMAGE_EDIT_MODEL_IDS } from "../contract/image-edit-tools.js";
import { TEXT_TO_IMAGE_MODELS } from "../contract/models.js";
import type { GenerationOptions, MainToUi, SelectionSummary, Settings } from "../messages.js";
import { fetchProxyHealth } from "./connection/fetch-proxy-health.js";
import { testConnection, type ConnectionReport } from "./connection/test-connection.js";
import { EditSection } from "./edit/edit-section.js";
import { useImageEdits } from "./edit/use-image-edits.js";
import { describeFill } from "./form/describe-fill.js";
import { DEFAULT_FORM, formFromMetadata, formFromOptions, type FormState } from "./form/form-state.js";
import { validateForm, type FormErrors } from "./form/validate-form.js";
import { planRelaunch, type PlannedRelaunch } from "./generation/plan-relaunch.js";
import { createPlacementTracker } from "./generation/placement-tracker.js";
import { poolSize } from "./generation/pool-size.js";
import { runGeneration, type GenerationDependencies } from "./generation/run-generation.js";
import { planningRun, withJobProgress, withPlannedJobs, type RunState } from "./generation/run-state.js";
import { fitWindowToContent } from "./host/fit-window-to-content.js";
import type { PluginChannel } from "./host/plugin-channel.js";
import { describeNamePrompts, namePromptContext } from "./names/describe-name-prompts.js";
import { PromptFromNamesField } from "./names/prompt-from-names-field.js";
import { RecentImagesStrip } from "./recent/recent-images-strip.js";
import { useRecentImages } from "./recent/use-recent-images.js";
import { formFromSavedPrompt, savedPromptFromForm } from "./saved-prompts/saved-prompt-form.js";
import { SavedPromptsMenu } from "./saved-prompts/saved-prompts-menu.js";
import { useSavedPrompts } from "./saved-prompts/use-saved-prompts.js";
import { checkAllowance } from "./usage/check-allowance.js";
import { describeRemaining } from "./usage/describe-remaining.js";
import { fetchKeyUsage } from "./usage/fetch-key-usage.js";
import { validateSettings, type SettingsErrors, type SettingsForm } from "./settings/validate-settings.js";
import { GenerateView } from "./views/generate-view.js";
import { SettingsView } from "./views/settings-view.js";

export interface AppDependencies extends Omit<GenerationDependencies, "send" | "waitForPlacement"> {
  channel: PluginChannel;
  wasBlockedByPolicy: (url: string) => boolean;
  newId: () => string;
}

type View = "generate" | "settings";

const EMPTY_SELECTION: SelectionSummary = { targets: [], skipped: [] };

/** The window grows with the content (progress, errors) up to this, then the UI scrolls. */
const WINDOW_HEIGHT = { minHeight: 360, maxHeight: 760 };

/** A proxy that does not answer its health check this fast gets the cautious pool size rather than holding images back. */
const HEALTH_TIMEOUT_MS = 3_000;

export function App({ deps }: { deps: AppDependencies }) {
  const [view, setView] = useState<View>("generate");
  const [settings, setSettings] = useState<Settings | null>(null);
  const [form, setForm] = useState<FormState>(DEFAULT_FORM);
  const [formErrors, setFormErrors] = useState<FormErrors>({});
  const [selection, setSelection] = useState<SelectionSummary>(EMPTY_SELECTION);
  const [run, setRun] = useState<RunState | null>(null);
  const [settingsErrors, setSettingsErrors] = useState<SettingsErrors>({});
  const [settingsNotice, setSettingsNotice] = useState<string | null>(null);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [testing, setTesting] = useState(false);
  const [ready, setReady] = useState(false);
  const [models, setModels] = useState<string[] | null>(null);
  /** The proxy's prices by model id (micro-dollars); empty until it says, and the published prices apply meanwhile. */
  const [prices, setPrices] = useState<Readonly<Record<string, number>>>({});
  const pricesRef = useRef(prices);
  pricesRef.current = prices;
  const [usage, setUsage] = useState<KeyUsage | null>(null);
  const recent = useRecentImages(deps.channel);
  const savedPrompts = useSavedPrompts(deps.channel);
  const edits = useImageEdits(deps, settings);

  // The message handler and the running generation read the latest values through refs.
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const formRef = useRef(form);
  formRef.current = form;
  const viewRef = useRef(view);
  viewRef.current = view;
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const usageRef = useRef(usage);
  usageRef.current = usage;
  const usageRequestRef = useRef<AbortController | null>(null);
  const runRef = useRef<RunState | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const pendingPlansRef = useRef<PlannedRelaunch[]>([]);
  /** A Regenerate or quick action launched before any settings existed: it starts once they are saved. */
  const awaitingSettingsRef = useRef<PlannedRelaunch[]>([]);
  const trackerRef = useRef(createPlacementTracker());
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const appRef = useRef<HTMLDivElement>(null);

  /** Asks anew what the key has left; a newer ask replaces one still on its way. */
  const refreshUsage = (current: Settings | null) => {
    usageRequestRef.current?.abort();
    if (!current) {
      setUsage(null);
      return;
    }
    const controller = new AbortController();
    usageRequestRef.current = controller;
    void fetchKeyUsage(deps, current, controller.signal).then((answer) => {
      if (!controller.signal.aborted) setUsage(answer);
    });
  };

  /** What to tell the designer when this form, on this selection, would go over what the key has left. */
  const overAllowance = (current: FormState, currentSelection: SelectionSummary, currentUsage: KeyUsage | null) => {
    const { imageCount } = describeFill(currentSelection, current.aspectRatio, current.variants, current.modelId);
    return checkAllowance(currentUsage, { imageCount, modelId: current.modelId, prices: pricesRef.current }, deps.now());
  };

  const updateRun = (change: (run: RunState) => RunState) => {
    if (!runRef.current) return;
    runRef.current = change(runRef.current);
    setRun(runRef.current);
  };

  const startPlan = (plan: PlannedRelaunch) => {
    const generationId = deps.newId();
    runRef.current = planningRun(generationId, plan.options, runRef.current);
    setRun(runRef.current);
    deps.channel.send({
      type: "plan-generation",
      generationId,
      options: plan.options,
      ...(plan.targetIds ? { targetIds: plan.targetIds } : {}),
    });
  };

  const startRun = (plans: PlannedRelaunch[]) => {
    const [first, ...rest] = plans;
    if (!first) return;
    abortRef.current = new AbortController();
    pendingPlansRef.current = rest;
    runRef.current = null;
    startPlan(first);
  };

  const runPlannedJobs = async (message: Extract<MainToUi, { type: "generation-planned" }>) => {
    const current = runRef.current;
    const currentSettings = settingsRef.current;
    const abort = abortRef.current;
    if (!current || current.generationId !== message.generationId || !currentSettings || !abort) return;
    updateRun((run) => withPlannedJobs(run, message.jobs));
    const tracker = trackerRef.current;
    // Asked anew each generation: the proxy's limit and the protocol it is reached over can change between them.
    const health = await fetchProxyHealth(deps.fetch, currentSettings.proxyUrl, { signal: abort.signal, timeoutMs: HEALTH_TIMEOUT_MS });
    await runGeneration(
      { ...deps, send: deps.channel.send, waitForPlacement: tracker.wait },
      {
        generationId: message.generationId,
        jobs: message.jobs,
        options: current.options,
        settings: currentSettings,
        concurrency: poolSize(health),
      },
      abort.signal,
      (jobId, patch) => updateRun((run) => withJobProgress(run, message.generationId, jobId, patch)),
    );
    const next = pendingPlansRef.current.shift();
    if (next && !abort.signal.aborted) startPlan(next);
    else {
      updateRun((run) => ({ ...run, phase: "finished" }));
      refreshUsage(settingsRef.current);
    }
  };

  const handleMessage = (message: MainToUi) => {
    switch (message.type) {
      case "init": {
        setSettings(message.settings);
        setSelection(message.selection);
        let nextForm = message.options ? formFromOptions(message.options) : DEFAULT_FORM;
        const relaunch = message.relaunch;
        const first = relaunch?.metadata[0];
        if (relaunch && first && relaunch.command === "edit") nextForm = formFromMetadata(first.metadata, nextForm);
        setForm(nextForm);
        setReady(true);
        const launched: PlannedRelaunch[] = message.quickAction
          ? [{ options: message.quickAction, targetIds: null }]
          : relaunch?.command === "regenerate" && relaunch.metadata.length > 0
            ? planRelaunch(relaunch, message.selection)
            : [];
        if (!message.settings) {
          setView("settings");
          if (message.settingsNotice) setSettingsNotice(message.settingsNotice);
          awaitingSettingsRef.current = launched;
        } else if (launched.length > 0) {
          settingsRef.current = message.settings;
          startRun(launched);
        }
        if (relaunch?.command === "edit") setTimeout(() => promptRef.current?.focus(), 0);
        return;
      }
      case "selection":
        setSelection(message.selection);
        return;
      case "settings-saved": {
        setSettingsNotice("Saved.");
        const waiting = awaitingSettingsRef.current;
        awaitingSettingsRef.current = [];
        if (waiting.length > 0 && settingsRef.current) {
          setView("generate");
          startRun(waiting);
        }
        return;
      }
      case "cancel-generation":
        cancel();
        return;
      case "generation-planned":
        void runPlannedJobs(message);
        return;
      case "generation-refused":
        if (runRef.current?.generationId !== message.generationId) return;
        pendingPlansRef.current = [];
        updateRun((run) => ({ ...run, phase: "finished", error: message.message }));
        return;
      case "image-placed":
      case "image-not-placed":
        trackerRef.current.answer(message);
        return;
      case "generation-finished":
        updateRun((run) => ({ ...run, summaries: [...run.summaries, message.summary] }));
        return;
    }
  };

  const handleRef = useRef(handleMessage);
  handleRef.current = handleMessage;

  const generate = () => {
    if (runRef.current && runRef.current.phase !== "finished") return;
    const validation = validateForm(formRef.current, namePromptContext(selectionRef.current));
    if (!validation.ok) {
      setFormErrors(validation.errors);
      return;
    }
    setFormErrors({});
    if (!settingsRef.current) {
      setSettingsNotice("Add the proxy settings first, then press Generate again.");
      setView("settings");
      return;
    }
    // The view shows why and disables Generate; this stops the keyboard shortcut too.
    if (overAllowance(formRef.current, selectionRef.current, usageRef.current)) return;
    const options: GenerationOptions = validation.options;
    deps.channel.send({ type: "save-options", options });
    startRun([{ options, targetIds: null }]);
  };

  /** "Save prompt": the form's prompt fields under a name, once they pass the form's own checks. */
  const savePrompt = (name: string) => {
    const saved = savedPromptFromForm(name, formRef.current);
    if (!saved.ok) {
      setFormErrors(saved.errors);
      return false;
    }
    setFormErrors({});
    savedPrompts.save(saved.prompt);
    return true;
  };

  const cancel = () => {
    if (!runRef.current || runRef.current.phase === "finished") return;
    pendingPlansRef.current = [];
    updateRun((run) => ({ ...run, cancelRequested: true }));
    abortRef.current?.abort();
  };

  const generateRef = useRef(generate);
  generateRef.current = generate;

  useEffect(() => {
    const stop = deps.channel.listen((message) => handleRef.current(message));
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Enter" && (event.metaKey || event.ctrlKey) && viewRef.current === "generate") {
        event.preventDefault();
        generateRef.current();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    deps.channel.send({ type: "ui-ready" });
    const stopFitting = appRef.current ? fitWindowToContent(appRef.current, deps.channel.send, WINDOW_HEIGHT) : () => {};
    return () => {
      stop();
      stopFitting();
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [deps]);

  useEffect(() => {
    refreshUsage(settings);
    return () => usageRequestRef.current?.abort();
  }, [deps, settings]);

  // Offer only the models the proxy serves, at its prices; move the form off a model it does not serve.
  useEffect(() => {
    if (!settings) return;
    const controller = new AbortController();
    void fetchProxyHealth(deps.fetch, settings.proxyUrl, { signal: controller.signal }).then((health) => {
      if (controller.signal.aborted) return;
      const available = health?.models ?? null;
      setModels(available);
      setPrices(health?.prices ?? {});
      const fallback = TEXT_TO_IMAGE_MODELS.find((model) => available?.includes(model.id));
      if (fallback && !available?.includes(formRef.current.modelId)) setForm((current) => ({ ...current, modelId: fallback.id }));
    });
    return () => controller.abort();
  }, [deps, settings?.proxyUrl]);

  const saveSettings = (draft: SettingsForm) => {
    const validation = validateSettings(draft, settings?.secretAccessKey ?? null);
    setReport(null);
    if (!validation.ok) {
      setSettingsErrors(validation.errors);
      setSettingsNotice(null);
      return;
    }
    setSettingsErrors({});
    setSettings(validation.settings);
    setSettingsNotice("Saving…");
    deps.channel.send({ type: "save-settings", settings: validation.settings });
  };

  const checkConnection = async (draft: SettingsForm) => {
    const validation = validateSettings(draft, settings?.secretAccessKey ?? null);
    if (!validation.ok) {
      setSettingsErrors(validation.errors);
      return;
    }
    setSettingsErrors({});
    setTesting(true);
    setReport(null);
    try {
      setReport(await testConnection(deps, validation.settings, formRef.current.modelId));
    } finally {
      setTesting(false);
    }
  };

  return (
    <div class="app" ref={appRef}>
      <header class="header">
        <span>{view === "settings" ? "Settings" : "Framefill"}</span>
        {view === "settings" ? (
          <button class="button button-ghost" type="button" disabled={!settings} onClick={() => setView("generate")}>
            Back
          </button>
        ) : (
          <button class="button button-ghost" type="button" onClick={() => setView("settings")}>
            Settings
          </button>
        )}
      </header>
      {!ready ? (
        <p class="content muted">Loading…</p>
      ) : view === "settings" ? (
        <SettingsView
          saved={settings}
          errors={settingsErrors}
          notice={settingsNotice}
          testing={testing}
          report={report}
          onSave={saveSettings}
          onTest={(draft) => void checkConnection(draft)}
        />
      ) : (
        <GenerateView
          form={form}
          errors={formErrors}
          selection={selection}
          run={run}
          models={models}
          prices={prices}
          remaining={describeRemaining(usage)}
          overAllowance={overAllowance(form, selection, usage)}
          promptRef={promptRef}
          random={deps.random}
          onChange={(patch) => setForm((current) => ({ ...current, ...patch }))}
          onGenerate={generate}
          onCancel={cancel}
          promptOptions={
            <PromptFromNamesField checked={form.promptFromLayerNames} onChange={(promptFromLayerNames) => setForm((current) => ({ ...current, promptFromLayerNames }))} />
          }
          summaryNotes={namePromptsNote(describeNamePrompts(selection, form.promptFromLayerNames))}
          workflow={
            <>
              <EditSection
                selection={edits.selection}
                run={edits.run}
                revertStatus={edits.revertStatus}
                unavailable={!settings ? "Add the proxy settings first." : run !== null && run.phase !== "finished" ? "Edits wait while images are generated." : null}
                models={models}
                prices={prices}
                modelIdOf={(tool) => IMAGE_EDIT_MODEL_IDS[tool]}
                onEdit={edits.start}
                onCancel={edits.cancel}
                onRevert={edits.revert}
              />
              <RecentImagesStrip
                images={recent.images}
                thumbnails={recent.thumbnails}
                status={recent.status}
                disabled={run !== null && run.phase !== "finished"}
                onApply={recent.apply}
                onUsePrompt={(image) => {
                  setFormErrors({});
                  setForm((current) => formFromMetadata(image, current));
                }}
              />
              <SavedPromptsMenu
                prompts={savedPrompts.prompts}
                refused={savedPrompts.refused}
                onSave={savePrompt}
                onUse={(saved) => {
                  setFormErrors({});
                  setForm((current) => formFromSavedPrompt(saved, current));
                }}
                onRename={savedPrompts.rename}
                onDelete={savedPrompts.remove}
                onOpen={savedPrompts.refresh}
              />
            </>
          }
        />
      )}
    </div>
  );
}

function namePromptsNote(note: string | null) {
  return note ? (
    <p class="muted" data-testid="name-prompts">
      {note}
    </p>
  ) : null;
}
