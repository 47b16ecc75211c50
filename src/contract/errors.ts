/**
 * Bedrock Runtime's error types and the HTTP status each is sent with. The type travels in the `x-amzn-ErrorType`
 * header, which is what the AWS SDKs use to pick an exception class.
 */
export const BEDROCK_ERROR_STATUS = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
} as const;

export type BedrockErrorType = keyof typeof BEDROCK_ERROR_STATUS;

export function isBedrockErrorType(value: unknown): value is BedrockErrorType {
  return typeof value === "string" && Object.hasOwn(BEDROCK_ERROR_STATUS, value);
}

/** Bedrock's JSON error body. */
export interface BedrockErrorBody {
  message: string;
}
