/** Where each image of an edit stands, and how the UI's edit run is held. */
import type { ImageEditTool } from "../../contract/image-edit-tools.js";
import type { FailureKind } from "../../messages.js";

export type EditJobStatus = "queued" | "editing" | "placing" | "done" | "failed";

export interface EditJobProgress {
  jobId: string;
  name: string;
  status: EditJobStatus;
  /** Why it failed, or a note on what was done (e.g. shrunk to Figma's 4096 px). */
  message?: string;
  kind?: FailureKind;
  retryingInMs?: number;
}

export interface EditRun {
  editId: string;
  tool: ImageEditTool;
  phase: "planning" | "running" | "finished";
  jobs: EditJobProgress[];
  cancelRequested: boolean;
  summary: string | null;
  error: string | null;
}

const WEIGHT: Record<EditJobStatus, number> = { queued: 0, editing: 0.3, placing: 0.9, done: 1, failed: 1 };

export function editProgress(jobs: readonly EditJobProgress[]): number {
  return jobs.length === 0 ? 0 : jobs.reduce((sum, job) => sum + WEIGHT[job.status], 0) / jobs.length;
}
