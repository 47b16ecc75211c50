/**
 * The one place where failures become Bedrock's wire shape: a status code, the `x-amzn-ErrorType` header and a
 * `{"message"}` body, exactly what the AWS SDKs read to pick an exception class. Upstream errors pass through with
 * their type and message, scrubbed of anything that identifies the proxy's AWS account.
 */
import { BEDROCK_ERROR_STATUS, type BedrockErrorType, isBedrockErrorType } from "../src/contract/index.js";

/** A failure the proxy answers with, as Bedrock would. */
export class BedrockError extends Error {
  readonly type: BedrockErrorType;
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The proxy gave up waiting on Bedrock mid-call, so it cannot know whether Bedrock billed the request. */
  readonly outcomeUnknown: boolean;

  constructor(type: BedrockErrorType, message: string, headers: Record<string, string> = {}, options: { outcomeUnknown?: boolean } = {}) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = BEDROCK_ERROR_STATUS[type];
    this.headers = headers;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}

/** Builds the HTTP response for a Bedrock error. */
export function bedrockErrorResponse(error: BedrockError, requestId: string): Response {
  return new Response(JSON.stringify({ message: error.message }), {
    status: error.status,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": error.type,
      "x-amzn-requestid": requestId,
      ...error.headers,
    },
  });
}

/**
 * Maps what the AWS SDK threw while calling Bedrock to the error the proxy's client gets. Known Bedrock exceptions keep
 * their type and (scrubbed) message; network failures and anything unexpected become 5xx without internals.
 */
export function fromUpstreamError(error: unknown): BedrockError {
  const name = (error as { name?: unknown })?.name;
  const message = String((error as { message?: unknown })?.message ?? "");
  if (isBedrockErrorType(name) && !isProxyAuthError(name)) return new BedrockError(name, scrubAccountDetails(message));
  if (isProxyAuthError(name) || name === "CredentialsProviderError" || name === "ExpiredTokenException") {
    return new BedrockError(
      "InternalServerException",
      "The proxy could not authenticate to Amazon Bedrock. Ask your Framefill admin to check the proxy's AWS credentials.",
    );
  }
  if (name === "SyntaxError" || name === "SerializationException") {
    return new BedrockError("InternalServerException", "Amazon Bedrock sent a response the proxy could not read.");
  }
  return new BedrockError("ServiceUnavailableException", "The proxy could not reach Amazon Bedrock. Try again shortly.");
}

/** Errors about the proxy's own AWS credentials: the client should never see the details. */
function isProxyAuthError(name: unknown): boolean {
  return (
    name === "UnrecognizedClientException" ||
    name === "InvalidSignatureException" ||
    name === "MissingAuthenticationTokenException" ||
    name === "IncompleteSignatureException"
  );
}

/** Removes ARNs, account ids and AWS access key ids from a message. */
export function scrubAccountDetails(message: string): string {
  return message
    .replace(/arn:aws[a-z-]*:[^\s"',;)]*/gi, "[redacted]")
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, "[redacted]")
    .replace(/\b\d{12}\b/g, "[redacted]");
}
