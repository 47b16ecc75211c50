/**
 * The emulator's HTTP control endpoint under `/__emulator/`, for driving it when it runs from the command line.
 * Unauthenticated: it is a test tool, bound to loopback by default.
 *
 * - `GET  /__emulator/requests`: the recorded requests, oldest first.
 * - `GET  /__emulator/faults`: the faults still pending.
 * - `POST /__emulator/faults` with `{"fault": {...}, "times"?: n, "modelId"?: "...", "promptIncludes"?: "..."}`.
 * - `POST /__emulator/reset`: forget requests and pending faults.
 *
 * @example
 * curl -X POST localhost:4010/__emulator/faults -d '{"fault":{"kind":"error","errorType":"ThrottlingException"},"times":3}'
 */
import * as v from "valibot";
import type { EmulatorState } from "./emulator-state.js";
import { faultSchema, faultScopeSchema } from "./faults.js";
import { type AnyRequest, type AnyResponse, readBody, sendJson } from "./http-exchange.js";

export const CONTROL_PREFIX = "/__emulator/";

const injectBodySchema = v.strictObject({ fault: faultSchema, ...faultScopeSchema.entries });

export async function handleControl(request: AnyRequest, response: AnyResponse, target: EmulatorState): Promise<void> {
  const route = `${request.method} ${(request.url ?? "").split("?")[0]}`;
  switch (route) {
    case `GET ${CONTROL_PREFIX}requests`:
      return sendJson(response, 200, target.requests);
    case `GET ${CONTROL_PREFIX}faults`:
      return sendJson(response, 200, target.pendingFaults);
    case `POST ${CONTROL_PREFIX}faults`: {
      const parsed = v.safeParse(injectBodySchema, parseJson((await readBody(request)).toString("utf8")));
      if (!parsed.success) {
        return sendJson(response, 400, { message: v.summarize(parsed.issues) });
      }
      const { fault, ...scope } = parsed.output;
      target.injectFault(fault, scope);
      return sendJson(response, 201, target.pendingFaults);
    }
    case `POST ${CONTROL_PREFIX}reset`:
      target.reset();
      return sendJson(response, 200, { message: "reset" });
    default:
      return sendJson(response, 404, { message: `No control route ${route}.` });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
