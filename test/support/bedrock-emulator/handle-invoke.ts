/**
 * Emulates Bedrock Runtime's InvokeModel for Stability's text-to-image models and the image-edit tools (see
 * image-services.ts), in Bedrock's order: check the SigV4
 * signature, apply an injected fault if one matches, check the model id, validate the body, then answer with an
 * image rendered at the ratio's output size in the requested format (or the emulator's fixed benchmark image). Every answer carries `x-amzn-requestid` and a
 * `date` from the emulator's clock (the AWS SDK corrects its clock skew from it); errors carry `x-amzn-ErrorType` and
 * a `{"message"}` body, as Bedrock sends them.
 */
import { randomUUID } from "node:crypto";
import {
  BEDROCK_ERROR_STATUS,
  type BedrockErrorType,
  DEFAULT_ASPECT_RATIO,
  DEFAULT_OUTPUT_FORMAT,
  FINISH_REASONS,
  findModel,
  OUTPUT_SIZES,
  parseTextToImageRequest,
  type TextToImageRequest,
  type TextToImageResponse,
} from "../../../src/contract/index.js";
import { renderImage } from "../../../proxy/images/render-image.js";
import { DEFAULT_ERROR_MESSAGES, INVALID_MODEL_IDENTIFIER_MESSAGE } from "./bedrock-messages.js";
import { checkSignature } from "./check-signature.js";
import { checkImageServiceBody, emulatedImageTool } from "./image-services.js";
import type { EmulatorState } from "./emulator-state.js";
import type { Fault } from "./faults.js";
import {
  type AnyRequest,
  type AnyResponse,
  headerMap,
  isOpen,
  onClientGone,
  protocolOf,
  readBody,
  resetConnection,
  send,
} from "./http-exchange.js";
import type { RecordedRequest } from "./recorded-request.js";

export interface InvokeContext {
  readonly region: string;
  /** The model ids served; other known Stability ids get ResourceNotFoundException. */
  readonly modelIds: ReadonlySet<string>;
  readonly state: EmulatorState;
  lookupSecret(accessKeyId: string): string | undefined;
  now(): Date;
  randomSeed(): number;
  /** True while the emulator shuts down: connections it ends then are not the client's doing. */
  isClosing(): boolean;
  /** Sent as every image instead of rendering one (base64 ASCII bytes), when set. */
  readonly fixedImageBase64?: Buffer;
}

export async function handleInvoke(
  request: AnyRequest,
  response: AnyResponse,
  encodedModelId: string,
  context: InvokeContext,
): Promise<void> {
  const started = performance.now();
  const receivedAt = context.now();
  const body = await readBody(request);
  const [path = "", query = ""] = (request.url ?? "").split("?", 2);
  const bodyText = body.toString("utf8");
  const record: RecordedRequest = {
    id: randomUUID(),
    receivedAt,
    protocol: protocolOf(request),
    method: request.method ?? "",
    path,
    query,
    modelId: decodeModelId(encodedModelId, context.region),
    headers: headerMap(request),
    bodyText,
    body: parseJson(bodyText),
    accessKeyId: undefined,
    fault: undefined,
    status: undefined,
    errorType: undefined,
    clientClosedEarly: false,
  };
  context.state.record(record);
  onClientGone(response, () => {
    if (record.fault?.kind === "connection-reset" || context.isClosing()) return;
    record.clientClosedEarly = true;
    context.state.changed();
  });

  const baseHeaders = (): Record<string, string> => ({
    "x-amzn-requestid": record.id,
    date: context.now().toUTCString(),
  });
  const answer = (status: number, headers: Record<string, string>, payload: string | Buffer, errorType?: string): void => {
    if (!isOpen(response)) return;
    send(response, status, { ...baseHeaders(), ...headers }, payload);
    record.status = status;
    record.errorType = errorType;
    context.state.changed();
  };
  const answerError = (errorType: BedrockErrorType, message: string): void =>
    answer(
      BEDROCK_ERROR_STATUS[errorType],
      { "content-type": "application/json", "x-amzn-ErrorType": errorType },
      JSON.stringify({ message }),
      errorType,
    );

  const verification = await checkSignature(
    { method: record.method, path, query, headers: record.headers, body },
    { region: context.region, now: context.now(), lookupSecret: context.lookupSecret },
  );
  if (!verification.ok) return answerError(verification.errorType, verification.message);
  record.accessKeyId = verification.accessKeyId;

  const fault = context.state.takeFault({ modelId: record.modelId, prompt: promptOf(record.body) });
  record.fault = fault;
  if (fault) context.state.changed();
  switch (fault?.kind) {
    case "error":
      return answerError(fault.errorType, fault.message ?? DEFAULT_ERROR_MESSAGES[fault.errorType]);
    case "hang":
      return;
    case "connection-reset":
      return resetConnection(request);
    case "malformed-json":
      return answer(200, { "content-type": "application/json" }, '{"seeds":[42],"finish_reasons":[null],"images":["iVBORw0K');
    case "slow":
      await delay(fault.delayMs);
      if (!isOpen(response)) return;
      break;
  }

  if (record.modelId === undefined || !findModel(record.modelId)) {
    return answerError("ValidationException", INVALID_MODEL_IDENTIFIER_MESSAGE);
  }
  if (!context.modelIds.has(record.modelId)) {
    return answerError("ResourceNotFoundException", DEFAULT_ERROR_MESSAGES.ResourceNotFoundException);
  }
  const tool = emulatedImageTool(record.modelId);
  let seed: number;
  let render: () => Promise<string>;
  if (tool) {
    if (record.body === undefined) return answerError("ValidationException", DEFAULT_ERROR_MESSAGES.ValidationException);
    const checked = await checkImageServiceBody(tool, record.body);
    if (!checked.ok) return answerError("ValidationException", checked.message);
    seed = checked.seed || context.randomSeed();
    render = async () =>
      Buffer.from(await renderImage({ ...checked.output, format: checked.format, seed, prompt: checked.prompt, label: "EMULATOR" })).toString("base64");
  } else {
    const parsed = parseTextToImageRequest(bodyText);
    if (!parsed.ok) return answerError("ValidationException", parsed.message);
    seed = parsed.value.seed || context.randomSeed();
    render = () => renderBase64(parsed.value, seed);
  }
  const payload =
    fault?.kind === "content-filter"
      ? JSON.stringify({ seeds: [seed], finish_reasons: [filterReason(fault)], images: [] } satisfies TextToImageResponse)
      : context.fixedImageBase64
        ? fixedImageReply(seed, context.fixedImageBase64)
        : JSON.stringify({ seeds: [seed], finish_reasons: [null], images: [await render()] } satisfies TextToImageResponse);
  answer(
    200,
    {
      "content-type": "application/json",
      "x-amzn-bedrock-invocation-latency": String(Math.round(performance.now() - started)),
    },
    fault?.kind === "malformed-tail" ? Buffer.from(payload).subarray(0, -2) : payload,
  );
}

/** Bedrock's answer around an image that is already base64, without stringifying (and so scanning) its megabytes. */
function fixedImageReply(seed: number, imageBase64: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`{"seeds":[${seed}],"finish_reasons":[null],"images":["`), imageBase64, Buffer.from(`"]}`)]);
}

async function renderBase64(request: TextToImageRequest, seed: number): Promise<string> {
  const image = await renderImage({
    ...OUTPUT_SIZES[request.aspect_ratio ?? DEFAULT_ASPECT_RATIO],
    format: request.output_format ?? DEFAULT_OUTPUT_FORMAT,
    seed,
    prompt: request.prompt,
    label: "EMULATOR",
  });
  return Buffer.from(image).toString("base64");
}

function filterReason(fault: Extract<Fault, { kind: "content-filter" }>): string {
  if (fault.reason === "input image") return FINISH_REASONS.inputFiltered;
  return fault.reason === "output image" ? FINISH_REASONS.outputFiltered : FINISH_REASONS.promptFiltered;
}

/** The model id in `/model/{id}/invoke`, percent-decoded; a foundation-model ARN of this region counts as its id. */
function decodeModelId(encoded: string, region: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  const arnPrefix = `arn:aws:bedrock:${region}::foundation-model/`;
  return decoded.startsWith(arnPrefix) ? decoded.slice(arnPrefix.length) : decoded;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function promptOf(body: unknown): string | undefined {
  const prompt = (body as { prompt?: unknown } | undefined)?.prompt;
  return typeof prompt === "string" ? prompt : undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
