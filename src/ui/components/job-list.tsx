/** One line per image of the current generation: the layer, its ratio and variant, and where it stands. */
import type { JobProgress, JobStatus } from "../generation/job-progress.js";
import { formatWait } from "../errors/format-wait.js";

const STATUS_LABEL: Record<JobStatus, string> = {
  queued: "Queued",
  generating: "Generating…",
  placing: "Placing…",
  done: "Done",
  failed: "Failed",
};

export function JobList({ jobs }: { jobs: readonly JobProgress[] }) {
  return (
    <ul class="jobs" aria-label="Images">
      {jobs.map(({ generationId, job, status, message, retryingInMs }) => (
        <li key={`${generationId}/${job.jobId}`} class="job" data-status={status}>
          <span class="job-name">
            {job.targetName}
            <span class="muted">
              {" · "}
              {job.aspectRatio}
              {job.variantIndex > 0 ? ` · variant ${job.variantIndex + 1}` : ""}
            </span>
          </span>
          <span class={`job-status job-status-${status}`}>
            {status === "generating" && retryingInMs !== undefined
              ? `Busy, retrying ${formatWait(retryingInMs)}`
              : STATUS_LABEL[status]}
          </span>
          {message ? <span class="job-message">{message}</span> : null}
        </li>
      ))}
    </ul>
  );
}
