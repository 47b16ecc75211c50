/** Says how far this computer's clock is from the proxy's (local minus proxy, in ms): "It is 7 minutes ahead of the proxy's." */
export function formatClockSkew(skewMs: number): string {
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const amount = minutes >= 1 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${Math.round(Math.abs(skewMs) / 1000)} seconds`;
  return `It is ${amount} ${skewMs > 0 ? "ahead of" : "behind"} the proxy's.`;
}
