/**
 * The answer of `GET /framefill/v1/usage` (SigV4-signed): what the caller's own key may spend, has spent and has left,
 * in dollars and images, and when each window resets. The plugin shows it before Generate ("38 images left today ·
 * $1.52 of $2.00") and checks a generation against it before sending anything. An absent limit is no limit, and then
 * nothing is "remaining" for it.
 */
export interface KeyUsage {
  accessKeyId: string;
  name: string;
  limits: {
    imagesPerDay?: number;
    usdPerDay?: number;
    usdPerMonth?: number;
    rpm?: number;
    /** The last UTC day the key works, YYYY-MM-DD. */
    expires?: string;
    models?: string[];
  };
  used: { imagesToday: number; usdToday: number; usdThisMonth: number };
  remaining: { imagesToday?: number; usdToday?: number; usdThisMonth?: number };
  /** ISO times at which the day's and the month's counts start again (UTC). */
  resetsAt: { day: string; month: string };
}

export const KEY_USAGE_PATH = "/framefill/v1/usage";
