/** Shows a saved secret without revealing it: its last four characters only ("•••• 3kQz"). */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? "••••" : `•••• ${secret.slice(-4)}`;
}
