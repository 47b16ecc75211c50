/**
 * Progress of a quick-action run, where the designer sees it with no panel open: one `figma.notify` at a time that
 * stays up ("Framefill: 1 of 3 images…") with a Cancel button, replaced as images arrive and taken down at the end,
 * when the run's one summary is shown.
 */
export class QuickActionProgress {
  private total = 0;
  private settled = 0;
  private cancelled = false;
  private current: NotificationHandler | null = null;

  constructor(
    private readonly figma: Pick<PluginAPI, "notify">,
    private readonly onCancel: () => void,
  ) {}

  planned(total: number): void {
    this.total += total;
    this.show();
  }

  /** One image arrived or failed. */
  settledOne(): void {
    this.settled += 1;
    this.show();
  }

  /** Takes the progress down (before the summary). */
  done(): void {
    this.current?.cancel();
    this.current = null;
  }

  private show(): void {
    this.current?.cancel();
    if (this.cancelled) {
      this.current = this.figma.notify("Framefill: cancelling…", { timeout: Infinity });
      return;
    }
    const images = this.total === 1 ? "image" : "images";
    const message = this.settled === 0 ? `Framefill: generating ${this.total} ${images}…` : `Framefill: ${this.settled} of ${this.total} ${images}…`;
    this.current = this.figma.notify(message, {
      timeout: Infinity,
      button: {
        text: "Cancel",
        action: () => {
          this.cancelled = true;
          this.onCancel();
          this.show();
        },
      },
    });
  }
}
