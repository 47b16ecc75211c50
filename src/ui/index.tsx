/**
 * The UI's entry point in Figma's plugin iframe: wires the App to the real world — Figma's postMessage channel,
 * fetch, the clock, timers, random ids, the canvas-based WebP→PNG converter and the page's CSP reports.
 */
import { render } from "preact";
import { App, type AppDependencies } from "./app.js";
import { toFigmaImage } from "./bedrock/to-figma-image.js";
import { abortableSleep } from "./generation/abortable-sleep.js";
import { newId } from "./host/new-id.js";
import { createPluginChannel } from "./host/plugin-channel.js";
import { watchPolicyViolations } from "./host/policy-violations.js";
import "./styles.css";

const policy = watchPolicyViolations(document);

const deps: AppDependencies = {
  channel: createPluginChannel(window),
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  sleep: abortableSleep,
  random: Math.random,
  toFigmaImage,
  wasBlockedByPolicy: (url) => policy.wasBlocked(url),
  newId,
};

render(<App deps={deps} />, document.getElementById("app")!);
