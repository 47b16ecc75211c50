/**
 * "Test connection" in settings: says that the proxy and key work, or exactly what is wrong, without spending money.
 * First `GET /healthz` (unauthenticated) proves the proxy is reachable from the plugin; then a signed InvokeModel with
 * the body `{}`: the proxy checks the signature before the body, so a ValidationException (400) proves the key,
 * secret, region and clock are right, while a 403 names the auth problem (x-amzn-ErrorType and message, as AWS).
 *
 * @example
 * const report = await testConnection({ fetch, now: Date.now, wasBlockedByPolicy, newId }, settings, modelId);
 * report.ok ? showSuccess(report.message) : showError(report.message);
 */
import type { Settings } from "../../messages.js";
import { healthUrl, invokeUrl } from "../bedrock/invoke-url.js";
import { describeHttpFailure, readErrorMessage } from "../bedrock/invoke-model.js";
import { signRequest } from "../bedrock/sign-request.js";
import { normalizeErrorType } from "../errors/describe-failure.js";
import { formatClockSkew } from "./format-clock-skew.js";

export interface ConnectionDependencies {
  fetch: typeof fetch;
  now: () => number;
  /** True when the page saw a Content-Security-Policy violation for this URL: Figma's networkAccess blocked it. */
  wasBlockedByPolicy: (url: string) => boolean;
  /** A fresh id per test, so two tests in the same second are not signed alike (the proxy accepts a signature once). */
  newId: () => string;
}

export type ConnectionProblem =
  | "unreachable"
  | "blocked"
  | "cors"
  | "unknown-key"
  | "bad-secret"
  | "clock-skew"
  | "wrong-region"
  | "unsigned"
  | "other";

export type ConnectionReport = { ok: true; message: string } | { ok: false; problem: ConnectionProblem; message: string };

interface Health {
  reachable: true;
  backend?: string;
  version?: string;
}

type HealthCheck = Health | { reachable: false; report: ConnectionReport };

export async function testConnection(
  deps: ConnectionDependencies,
  settings: Settings,
  modelId: string,
): Promise<ConnectionReport> {
  const health = await checkHealth(deps, settings.proxyUrl);
  if (health.reachable === false) return health.report;
  return checkKey(deps, settings, modelId, health);
}

function configureHint(proxyUrl: string): string {
  return `run \`npm run configure -- --proxy-url ${proxyUrl}\`, then \`npm run build\` and re-import manifest.json in Figma`;
}

async function checkHealth(deps: ConnectionDependencies, proxyUrl: string): Promise<HealthCheck> {
  const url = healthUrl(proxyUrl);
  let response: Response;
  try {
    response = await deps.fetch(url, { method: "GET", headers: { accept: "application/json" } });
  } catch {
    return { reachable: false, report: await diagnoseUnreachable(deps, proxyUrl, url) };
  }
  if (!response.ok) return { reachable: true };
  try {
    const body = (await response.json()) as { backend?: unknown; version?: unknown };
    return {
      reachable: true,
      ...(typeof body.backend === "string" ? { backend: body.backend } : {}),
      ...(typeof body.version === "string" ? { version: body.version } : {}),
    };
  } catch {
    return { reachable: true };
  }
}

/**
 * A failed fetch hides its cause. An opaque no-cors answer means the server is up but sends no CORS headers; a CSP
 * report for the URL (which the browser delivers by the time the second fetch has failed) means Figma blocked it.
 */
async function diagnoseUnreachable(deps: ConnectionDependencies, proxyUrl: string, url: string): Promise<ConnectionReport> {
  try {
    await deps.fetch(url, { method: "GET", mode: "no-cors" });
    return {
      ok: false,
      problem: "cors",
      message:
        `Something answered at ${proxyUrl}, but without the CORS headers the plugin needs (Access-Control-Allow-Origin). ` +
        "Check that the Proxy URL points at a Framefill proxy.",
    };
  } catch {
    if (deps.wasBlockedByPolicy(url)) {
      return {
        ok: false,
        problem: "blocked",
        message: `Figma blocked the request: ${proxyUrl} is not in the plugin's allowed domains (networkAccess). To allow it, ${configureHint(proxyUrl)}.`,
      };
    }
    return {
      ok: false,
      problem: "unreachable",
      message:
        `Couldn't reach the proxy at ${proxyUrl}. Check the address and that the proxy is running (npm start). ` +
        `If it is running, Figma may be blocking it: ${configureHint(proxyUrl)}.`,
    };
  }
}

async function checkKey(
  deps: ConnectionDependencies,
  settings: Settings,
  modelId: string,
  health: Health,
): Promise<ConnectionReport> {
  const signed = await signRequest(
    {
      method: "POST",
      url: invokeUrl(settings.proxyUrl, modelId),
      headers: { "content-type": "application/json", accept: "application/json", "amz-sdk-invocation-id": deps.newId() },
      body: "{}",
    },
    settings,
    new Date(deps.now()),
  );
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(signed.url, { method: signed.method, headers: signed.headers, body: signed.body });
    text = await response.text();
  } catch {
    return {
      ok: false,
      problem: "cors",
      message:
        `The proxy answered its health check but refused the signed request before it was sent (CORS preflight). ` +
        "Make sure the proxy allows the Authorization, X-Amz-Date and Idempotency-Key headers.",
    };
  }
  const errorType = normalizeErrorType(response.headers.get("x-amzn-errortype"));
  const message = readErrorMessage(text) ?? "";
  const works = describeProxy(health, settings);

  if (response.status === 400 || response.ok) return { ok: true, message: `Connected. ${works}` };
  if (response.status === 429) return { ok: true, message: `Connected, but the proxy is busy right now. ${works}` };
  if (errorType === "AccessDeniedException" || errorType === "ResourceNotFoundException" || response.status === 404) {
    return { ok: true, message: `Connected, but this proxy doesn't offer the chosen model (${message || response.status}). ${works}` };
  }
  if (errorType === "UnrecognizedClientException") {
    return {
      ok: false,
      problem: "unknown-key",
      message: `The proxy doesn't recognise the access key ID ${settings.accessKeyId}. Check it, or ask your admin whether it was revoked.`,
    };
  }
  if (errorType === "MissingAuthenticationTokenException") {
    return { ok: false, problem: "unsigned", message: "The proxy says the request carried no signature. Check the access key ID." };
  }
  if (errorType === "InvalidSignatureException" || response.status === 403) {
    return diagnoseSignature(deps, response, message);
  }
  return { ok: false, problem: "other", message: describeHttpFailure(response, text, deps.now()).message };
}

function diagnoseSignature(deps: ConnectionDependencies, response: Response, message: string): ConnectionReport {
  if (/signature (expired|not yet current)/i.test(message)) {
    const serverTime = Date.parse(response.headers.get("date") ?? "");
    const skew = Number.isNaN(serverTime) ? "" : ` ${formatClockSkew(deps.now() - serverTime)}`;
    return {
      ok: false,
      problem: "clock-skew",
      message: `Your computer's clock is off, so the proxy refused the signature.${skew} Set the clock to update automatically, then try again.`,
    };
  }
  if (/region/i.test(message)) {
    return {
      ok: false,
      problem: "wrong-region",
      message: `The Region doesn't match the proxy's (${message}). Use the region your admin gave you with the key.`,
    };
  }
  return {
    ok: false,
    problem: "bad-secret",
    message: "The secret access key doesn't match the access key ID. Paste the secret again, exactly as you got it.",
  };
}

function describeProxy(health: Health, settings: Settings): string {
  const backend = health.backend ? ` on its ${health.backend} backend` : "";
  const version = health.version ? ` (version ${health.version})` : "";
  const preview = health.backend === "preview" ? " Images will be local previews, not Bedrock's." : "";
  return `The key ${settings.accessKeyId} works with the proxy${backend}${version} in ${settings.region}.${preview}`;
}
