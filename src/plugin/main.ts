/** Framefill's Figma main thread (bundled to dist/code.js, ES2017): opens the UI and serves its messages. */
import { startPlugin } from "./start-plugin.js";

startPlugin(figma, __html__);
