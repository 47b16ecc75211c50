import { describe, expect, it } from "vitest";
import { BEDROCK_ERROR_STATUS, isBedrockErrorType } from "../../../src/contract/index.js";

describe("Bedrock error types", () => {
  it("are sent with Bedrock Runtime's HTTP statuses", () => {
    expect(BEDROCK_ERROR_STATUS).toEqual({
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
    });
  });

  it("recognises each of Bedrock's type names, and nothing else (not an inherited property, not another type)", () => {
    for (const type of Object.keys(BEDROCK_ERROR_STATUS)) expect(isBedrockErrorType(type)).toBe(true);
    for (const other of ["toString", "constructor", "", "validationexception", "ValidationException ", 400, null, undefined, {}]) {
      expect(isBedrockErrorType(other)).toBe(false);
    }
  });
});
