/**
 * The UI's state for image edits: what the selection offers (main's `edit-selection`), the edit running now (or the
 * last one) with each image's progress, and the actions — start a tool, Cancel, Revert. A planned edit runs through
 * runEdit with as many images in flight as the proxy advertises, like a generation.
 *
 * @example
 * const edits = useImageEdits(deps, settings);
 * <EditSection selection={edits.selection} run={edits.run} onEdit={edits.start} onCancel={edits.cancel} onRevert={edits.revert} … />
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { EditMainToUi, EditParameters, EditSelection } from "../../edit-messages.js";
import type { Settings, UiToMain } from "../../messages.js";
import { fetchProxyHealth } from "../connection/fetch-proxy-health.js";
import { poolSize } from "../generation/pool-size.js";
import type { PluginChannel } from "../host/plugin-channel.js";
import { browserImageCodec, type EditImageCodec } from "./edit-image-codec.js";
import type { EditJobProgress, EditRun } from "./edit-progress.js";
import { type EditPlacement, type EditRunDependencies, runEdit } from "./run-edit.js";

export interface ImageEditDependencies extends Omit<EditRunDependencies, "send" | "waitForPlacement" | "codec"> {
  channel: PluginChannel;
  newId: () => string;
  codec?: EditImageCodec;
}

export interface ImageEditsState {
  selection: EditSelection;
  run: EditRun | null;
  /** What the last Revert did. */
  revertStatus: string | null;
  start(parameters: EditParameters): void;
  cancel(): void;
  revert(): void;
}

const EMPTY: EditSelection = { images: [], maskShapes: 0 };
const HEALTH_TIMEOUT_MS = 3_000;

export function useImageEdits(deps: ImageEditDependencies, settings: Settings | null): ImageEditsState {
  const [selection, setSelection] = useState<EditSelection>(EMPTY);
  const [run, setRun] = useState<EditRun | null>(null);
  const [revertStatus, setRevertStatus] = useState<string | null>(null);
  const runRef = useRef<EditRun | null>(null);
  const parametersRef = useRef<EditParameters | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const waiting = useRef(new Map<string, (placement: EditPlacement) => void>());

  const update = (change: (run: EditRun) => EditRun) => {
    if (!runRef.current) return;
    runRef.current = change(runRef.current);
    setRun(runRef.current);
  };
  const progress = (jobId: string, patch: Partial<EditJobProgress>) =>
    update((current) => ({ ...current, jobs: current.jobs.map((job) => (job.jobId === jobId ? { ...job, ...patch } : job)) }));

  const execute = async (message: Extract<EditMainToUi, { type: "edit-planned" }>) => {
    const current = runRef.current;
    const parameters = parametersRef.current;
    const abort = abortRef.current;
    const currentSettings = settingsRef.current;
    if (!current || current.editId !== message.editId || !parameters || !abort || !currentSettings) {
      deps.channel.send({ type: "finish-edit", editId: message.editId, cancelled: true });
      return;
    }
    update((run) => ({ ...run, phase: "running", jobs: message.jobs.map((job) => ({ jobId: job.jobId, name: job.name, status: "queued" })) }));
    const health = await fetchProxyHealth(deps.fetch, currentSettings.proxyUrl, { signal: abort.signal, timeoutMs: HEALTH_TIMEOUT_MS });
    await runEdit(
      {
        ...deps,
        codec: deps.codec ?? browserImageCodec,
        send: (outgoing: UiToMain) => deps.channel.send(outgoing),
        waitForPlacement: (editId, jobId) => new Promise((resolve) => waiting.current.set(`${editId}\u0000${jobId}`, resolve)),
      },
      { editId: message.editId, jobs: message.jobs, parameters, settings: currentSettings, concurrency: poolSize(health) },
      abort.signal,
      progress,
    );
  };

  useEffect(
    () =>
      deps.channel.listen((message) => {
        switch (message.type) {
          case "edit-selection":
            setSelection(message.selection);
            return;
          case "edit-planned":
            void execute(message);
            return;
          case "edit-refused":
            if (runRef.current?.editId === message.editId) update((run) => ({ ...run, phase: "finished", error: message.message }));
            return;
          case "edit-placed":
          case "edit-not-placed": {
            const key = `${message.editId}\u0000${message.jobId}`;
            const resolve = waiting.current.get(key);
            waiting.current.delete(key);
            resolve?.(message.type === "edit-placed" ? { placed: true } : { placed: false, message: message.message });
            return;
          }
          case "edit-finished":
            if (runRef.current?.editId === message.editId) update((run) => ({ ...run, phase: "finished", summary: message.summary }));
            return;
          case "edit-reverted":
            setRevertStatus(message.summary);
            return;
        }
      }),
    [deps],
  );

  return {
    selection,
    run,
    revertStatus,
    start(parameters) {
      if (runRef.current && runRef.current.phase !== "finished") return;
      const editId = deps.newId();
      parametersRef.current = parameters;
      abortRef.current = new AbortController();
      runRef.current = { editId, tool: parameters.tool, phase: "planning", jobs: [], cancelRequested: false, summary: null, error: null };
      setRun(runRef.current);
      setRevertStatus(null);
      deps.channel.send({ type: "plan-edit", editId, parameters });
    },
    cancel() {
      if (!runRef.current || runRef.current.phase === "finished") return;
      update((run) => ({ ...run, cancelRequested: true }));
      abortRef.current?.abort();
    },
    revert() {
      setRevertStatus(null);
      deps.channel.send({ type: "revert-edit" });
    },
  };
}
