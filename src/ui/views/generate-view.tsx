/**
 * The main view: the prompt and options, the live line saying what Generate will fill and what it will cost, the
 * Generate and Cancel buttons, and the progress of the current generation.
 */
import type { ComponentChildren, Ref } from "preact";
import { ASPECT_RATIOS } from "../../contract/aspect-ratios.js";
import { VARIANTS_MAX, VARIANTS_MIN } from "../../contract/limits.js";
import { TEXT_TO_IMAGE_MODELS } from "../../contract/models.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../../contract/output-formats.js";
import { formatUsd, priceMicroUsd } from "../../contract/prices.js";
import type { AspectRatioChoice, SelectionSummary } from "../../messages.js";
import { controlProps, Field } from "../components/field.js";
import { JobList } from "../components/job-list.js";
import { ProgressBar } from "../components/progress-bar.js";
import { SeedField } from "../components/seed-field.js";
import { SelectField, type SelectOption } from "../components/select-field.js";
import { describeFill } from "../form/describe-fill.js";
import type { FormState } from "../form/form-state.js";
import type { FormErrors } from "../form/validate-form.js";
import { countByStatus, overallProgress } from "../generation/job-progress.js";
import type { RunState } from "../generation/run-state.js";

const ASPECT_RATIO_OPTIONS: SelectOption<AspectRatioChoice>[] = [
  { value: "match", label: "Match frame" },
  ...ASPECT_RATIOS.map((ratio) => ({ value: ratio, label: ratio })),
];

/** Every text-to-image model, or only those the proxy says it serves (never an image-edit tool). */
function modelOptions(available: readonly string[] | null, prices: Readonly<Record<string, number>>) {
  return TEXT_TO_IMAGE_MODELS.filter((model) => !available || available.includes(model.id)).map((model) => ({
    value: model.id,
    label: `${model.name} · ${formatUsd(priceMicroUsd(model.id, prices)!)}`,
  }));
}

const FORMAT_LABELS: Record<OutputFormat, string> = { png: "PNG", jpeg: "JPEG", webp: "WebP (placed as PNG)" };
const FORMAT_OPTIONS = OUTPUT_FORMATS.map((format) => ({ value: format, label: FORMAT_LABELS[format] }));

/** Figma's own shortcut hints: ⌘ on a Mac, Ctrl elsewhere. */
const SHORTCUT_HINT = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘↵" : "Ctrl ↵";

const VARIANT_OPTIONS = Array.from({ length: VARIANTS_MAX - VARIANTS_MIN + 1 }, (_, index) => {
  const count = VARIANTS_MIN + index;
  return { value: String(count), label: `${count} per frame` };
});

export interface GenerateViewProps {
  form: FormState;
  errors: FormErrors;
  selection: SelectionSummary;
  run: RunState | null;
  /** Model ids the proxy serves, when it said; null offers every model. */
  models: readonly string[] | null;
  /** The proxy's prices in micro-dollars by model id; a model absent here shows its published price. */
  prices: Readonly<Record<string, number>>;
  /** What the key has left ("38 images left today · $1.52 of $2.00"); null shows nothing. */
  remaining: string | null;
  /** Why this generation would go over what the key has left; Generate is disabled while it is set. */
  overAllowance: string | null;
  promptRef: Ref<HTMLTextAreaElement>;
  random: () => number;
  onChange: (patch: Partial<FormState>) => void;
  onGenerate: () => void;
  onCancel: () => void;
  /** Shown above the form: the designer's workflow (recent images, saved prompts). */
  workflow?: ComponentChildren;
  /** Shown under the prompt: options of how the prompt is used (prompt from layer names). */
  promptOptions?: ComponentChildren;
  /** Extra lines for the live summary (e.g. how many layers use their names). */
  summaryNotes?: ComponentChildren;
}

export function GenerateView({
  form,
  errors,
  selection,
  run,
  models,
  prices,
  remaining,
  overAllowance,
  promptRef,
  random,
  onChange,
  onGenerate,
  onCancel,
  workflow,
  promptOptions,
  summaryNotes,
}: GenerateViewProps) {
  const fill = describeFill(selection, form.aspectRatio, form.variants, form.modelId, prices);
  const busy = run !== null && (run.phase === "planning" || run.phase === "running");
  return (
    // Not a <form>: Figma's sandboxed iframe may block form submission, so Generate is an ordinary button.
    <div class="content">
      {workflow}
      <Field id="prompt" label="Prompt" error={errors.prompt}>
        <textarea
          {...controlProps("prompt", errors.prompt)}
          ref={promptRef}
          class="textarea"
          rows={4}
          placeholder="A calm lake at sunrise, soft light, editorial photo"
          value={form.prompt}
          onInput={(event) => onChange({ prompt: event.currentTarget.value })}
        />
      </Field>
      {promptOptions}
      <Field id="negative-prompt" label="Negative prompt" error={errors.negativePrompt}>
        <textarea
          {...controlProps("negative-prompt", errors.negativePrompt)}
          class="textarea"
          rows={2}
          placeholder="What to keep out: text, watermark, blur"
          value={form.negativePrompt}
          onInput={(event) => onChange({ negativePrompt: event.currentTarget.value })}
        />
      </Field>
      <div class="row">
        <SelectField
          id="aspect-ratio"
          label="Aspect ratio"
          value={form.aspectRatio}
          options={ASPECT_RATIO_OPTIONS}
          onChange={(aspectRatio) => onChange({ aspectRatio })}
        />
        <SelectField
          id="variants"
          label="Variants"
          value={String(form.variants)}
          options={VARIANT_OPTIONS}
          onChange={(variants) => onChange({ variants: Number(variants) })}
        />
      </div>
      <SelectField id="model" label="Model" value={form.modelId} options={modelOptions(models, prices)} onChange={(modelId) => onChange({ modelId })} />
      <div class="row">
        <SelectField
          id="output-format"
          label="Output format"
          value={form.outputFormat}
          options={FORMAT_OPTIONS}
          onChange={(outputFormat) => onChange({ outputFormat })}
        />
        <SeedField value={form.seedText} error={errors.seed} random={random} onChange={(seedText) => onChange({ seedText })} />
      </div>

      <div class="summary" aria-live="polite" data-testid="fill-summary">
        <p>{fill.targets}</p>
        {summaryNotes}
        {fill.skipped ? <p class="muted">{fill.skipped}</p> : null}
        <p class="muted">{fill.cost}</p>
        {remaining ? (
          <p class="muted" data-testid="remaining">
            {remaining}
          </p>
        ) : null}
        {overAllowance ? (
          <p id="allowance-message" class="field-error">
            {overAllowance}
          </p>
        ) : null}
      </div>

      <div class="actions">
        <button
          class="button button-primary"
          type="button"
          disabled={busy || overAllowance !== null}
          aria-describedby={overAllowance ? "allowance-message" : undefined}
          aria-keyshortcuts="Meta+Enter Control+Enter"
          onClick={onGenerate}
        >
          Generate
          <span class="shortcut" aria-hidden="true">
            {SHORTCUT_HINT}
          </span>
        </button>
        {busy ? (
          <button class="button button-secondary" type="button" disabled={run.cancelRequested} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>

      {run ? <RunProgress run={run} /> : null}
    </div>
  );
}

function RunProgress({ run }: { run: RunState }) {
  const counts = countByStatus(run.jobs);
  const total = run.jobs.length;
  const status =
    run.phase === "planning"
      ? "Finding the frames to fill…"
      : total === 0
        ? null
        : `${counts.done} of ${total} placed${counts.failed ? ` · ${counts.failed} failed` : ""}${
            run.cancelRequested && run.phase === "running" ? " · cancelling…" : ""
          }`;
  return (
    <section class="field" aria-label="Progress">
      <ProgressBar value={run.phase === "finished" ? 1 : overallProgress(run.jobs)} label="Generation progress" />
      {status ? (
        <p class="muted" role="status">
          {status}
        </p>
      ) : null}
      {run.error ? <p class="notice notice-error" role="alert">{run.error}</p> : null}
      {run.summaries.map((summary) => (
        <p key={summary} class="notice" role="status">
          {summary}
        </p>
      ))}
      {total > 0 ? <JobList jobs={run.jobs} /> : null}
    </section>
  );
}
