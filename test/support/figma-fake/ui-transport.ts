/**
 * The seam between `figma.ui` and whatever plays the plugin's iframe. In Node tests it is an in-memory queue
 * (memory-ui-transport.ts); in a browser harness it is a real sandboxed iframe (iframe-ui-transport.ts). Messages
 * handed to a transport are already checked and cloned by the fake.
 */
export interface UiTransport {
  /**
   * `figma.showUI` was called. `deliver` hands a message from the UI to the plugin's `figma.ui` handlers; call it
   * asynchronously (like a browser's postMessage) with the UI document's origin ("null" for Figma's sandboxed iframe).
   */
  open(html: string, options: ShowUIOptions, deliver: (pluginMessage: unknown, origin: string) => void): void;
  /** `figma.ui.postMessage`: a message from the plugin to the UI. */
  postMessage(pluginMessage: unknown, options?: UIPostMessageOptions): void;
  /** `figma.ui.close` or `figma.closePlugin`: the UI is gone. */
  close(): void;
  /** `figma.ui.resize`, `show`, `hide` and `reposition`, for transports that draw something. */
  resize?(width: number, height: number): void;
  setVisible?(visible: boolean): void;
  reposition?(x: number, y: number): void;
}
