/**
 * The messages Bedrock Runtime sends with each error type, as its users see them, for faults injected without a
 * message of their own; and the messages for the refusals the emulator makes by itself.
 */
import type { BedrockErrorType } from "../../../src/contract/index.js";

export const DEFAULT_ERROR_MESSAGES: Readonly<Record<BedrockErrorType, string>> = {
  ValidationException: "Malformed input request, please reformat your input and try again.",
  ServiceQuotaExceededException:
    "Your request exceeds the service quota for your account. You can view your quotas at " +
    "https://docs.aws.amazon.com/servicequotas/latest/userguide/gs-request-quota.html. You can resubmit your request later.",
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  UnrecognizedClientException: "The security token included in the request is invalid.",
  InvalidSignatureException:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key " +
    "and signing method. Consult the service documentation for details.",
  MissingAuthenticationTokenException: "Missing Authentication Token",
  IncompleteSignatureException: "The request signature does not conform to AWS standards.",
  ResourceNotFoundException: "Could not resolve the foundation model from the provided model identifier.",
  UnknownOperationException: "Unknown operation",
  ModelTimeoutException: "Model has timed out in processing the request. Try your request again.",
  ModelErrorException: "The system encountered an unexpected error during processing. Try your request again.",
  ThrottlingException: "Too many requests, please wait before trying again.",
  InternalServerException: "The server encountered an internal error while processing the request. Try again later.",
  ServiceUnavailableException: "Bedrock is unable to process your request.",
};

export const INVALID_MODEL_IDENTIFIER_MESSAGE = "The provided model identifier is invalid.";
