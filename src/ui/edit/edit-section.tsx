/**
 * The edit section, shown while the selection holds layers with an image: a button per tool — "Remove background",
 * "Upscale", "Expand to fit", "Replace" (with "Search for" and "Replace with") and "Erase" — each with its cost beside
 * it before anything is paid ("3 edits · $0.21"), "Revert" for images an edit made, then the progress of the edit
 * running now with Cancel, and what it did.
 */
import { useState } from "preact/hooks";
import type { ImageEditTool } from "../../contract/image-edit-tools.js";
import type { EditParameters, EditSelection } from "../../edit-messages.js";
import { ProgressBar } from "../components/progress-bar.js";
import { formatWait } from "../errors/format-wait.js";
import { describeEditCost } from "./describe-edit-cost.js";
import { editProgress, type EditJobStatus, type EditRun } from "./edit-progress.js";
import "./edit-section.css";

export interface EditSectionProps {
  selection: EditSelection;
  run: EditRun | null;
  revertStatus: string | null;
  /** Why the tools can't run now (no settings, a generation running), or null. */
  unavailable: string | null;
  /** Model ids the proxy serves, when it said: a tool it doesn't serve is disabled. */
  models: readonly string[] | null;
  /** The proxy's prices in micro-dollars by model id; a tool absent here shows its published price. */
  prices: Readonly<Record<string, number>>;
  modelIdOf: (tool: ImageEditTool) => string;
  onEdit: (parameters: EditParameters) => void;
  onCancel: () => void;
  onRevert: () => void;
}

const STATUS_LABEL: Record<EditJobStatus, string> = { queued: "Queued", editing: "Editing…", placing: "Placing…", done: "Done", failed: "Failed" };

export function EditSection({ selection, run, revertStatus, unavailable, models, prices, modelIdOf, onEdit, onCancel, onRevert }: EditSectionProps) {
  const [searchFor, setSearchFor] = useState("");
  const [replaceWith, setReplaceWith] = useState("");
  const count = selection.images.length;
  if (count === 0 && !run) return null;
  const busy = run !== null && run.phase !== "finished";
  const blocked = busy || unavailable !== null || count === 0;
  const served = (tool: ImageEditTool) => !models || models.includes(modelIdOf(tool));
  const tool = (id: ImageEditTool, label: string, parameters: EditParameters, extraBlock = false) => (
    <div class="edit-tool">
      <button
        class="button button-secondary"
        type="button"
        disabled={blocked || extraBlock || !served(id)}
        aria-describedby={`edit-cost-${id}`}
        onClick={() => onEdit(parameters)}
      >
        {label}
      </button>
      <span id={`edit-cost-${id}`} class="muted edit-cost">
        {served(id) ? describeEditCost(id, count, prices) : "not offered by this proxy"}
      </span>
    </div>
  );
  const revertible = selection.images.filter((image) => image.revertible !== null).length;
  const images = count === 1 ? `1 image · ${selection.images[0]!.name}` : `${count} images`;
  return (
    <section class="edit" aria-labelledby="edit-title">
      <h2 id="edit-title" class="edit-title">
        Edit images
      </h2>
      <p class="muted" data-testid="edit-summary">
        {count > 0 ? images : "No image selected"}
        {selection.maskShapes > 0 ? ` · ${selection.maskShapes === 1 ? "1 shape" : `${selection.maskShapes} shapes`} to erase` : ""}
      </p>
      {unavailable ? <p class="muted">{unavailable}</p> : null}
      <div class="edit-tools">
        {tool("removeBackground", "Remove background", { tool: "removeBackground" })}
        {tool("upscale", "Upscale", { tool: "upscale" })}
        {tool("outpaint", "Expand to fit", { tool: "outpaint" })}
        {tool("erase", "Erase", { tool: "erase" }, selection.maskShapes === 0)}
      </div>
      {selection.maskShapes === 0 && count > 0 ? (
        <p class="muted edit-hint">To erase, draw shapes over the image and select them with it.</p>
      ) : null}
      <div class="edit-replace">
        <label class="field-label" for="edit-search-for">
          Search for
        </label>
        <input id="edit-search-for" class="input" value={searchFor} placeholder="the red car" onInput={(event) => setSearchFor(event.currentTarget.value)} />
        <label class="field-label" for="edit-replace-with">
          Replace with
        </label>
        <input id="edit-replace-with" class="input" value={replaceWith} placeholder="a blue bicycle" onInput={(event) => setReplaceWith(event.currentTarget.value)} />
        {tool("searchReplace", "Replace", { tool: "searchReplace", searchFor, replaceWith }, searchFor.trim() === "" || replaceWith.trim() === "")}
      </div>
      <div class="edit-tool">
        <button class="button button-ghost" type="button" disabled={busy || revertible === 0} onClick={onRevert} aria-describedby="edit-revert-note">
          Revert
        </button>
        <span id="edit-revert-note" class="muted edit-cost">
          {revertible > 0 ? `the image before the last edit · free` : "nothing to revert"}
        </span>
      </div>
      {revertStatus ? (
        <p class="notice" role="status">
          {revertStatus}
        </p>
      ) : null}
      {run ? <EditRunProgress run={run} onCancel={onCancel} /> : null}
    </section>
  );
}

function EditRunProgress({ run, onCancel }: { run: EditRun; onCancel: () => void }) {
  const done = run.jobs.filter((job) => job.status === "done").length;
  const failed = run.jobs.filter((job) => job.status === "failed").length;
  const busy = run.phase !== "finished";
  const status =
    run.phase === "planning"
      ? "Reading the images…"
      : run.jobs.length === 0
        ? null
        : `${done} of ${run.jobs.length} edited${failed ? ` · ${failed} failed` : ""}${run.cancelRequested && busy ? " · cancelling…" : ""}`;
  return (
    <div class="edit-progress" aria-label="Edit progress" role="group">
      <ProgressBar value={busy ? editProgress(run.jobs) : 1} label="Edit progress" />
      {status ? (
        <p class="muted" role="status">
          {status}
        </p>
      ) : null}
      {busy ? (
        <button class="button button-secondary" type="button" disabled={run.cancelRequested} onClick={onCancel}>
          Cancel
        </button>
      ) : null}
      {run.error ? (
        <p class="notice notice-error" role="alert">
          {run.error}
        </p>
      ) : null}
      {run.summary ? (
        <p class="notice" role="status">
          {run.summary}
        </p>
      ) : null}
      {run.jobs.length > 0 ? (
        <ul class="jobs" aria-label="Edited images">
          {run.jobs.map((job) => (
            <li key={job.jobId} class="job" data-status={job.status}>
              <span class="job-name">{job.name}</span>
              <span class={`job-status job-status-${job.status === "editing" ? "generating" : job.status}`}>
                {job.status === "editing" && job.retryingInMs !== undefined ? `Busy, retrying ${formatWait(job.retryingInMs)}` : STATUS_LABEL[job.status]}
              </span>
              {job.message ? <span class="job-message">{job.message}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
