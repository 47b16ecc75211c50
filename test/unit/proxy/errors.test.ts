import { describe, expect, it } from "vitest";
import { BedrockError, bedrockErrorResponse, fromUpstreamError, scrubAccountDetails } from "../../../proxy/errors.js";

/** Shaped like an AWS access key id; put together at run time so the repository holds no key-shaped literal. */
const KEY_SHAPED_ID = ["AKIA", "ABCDEFGHIJKLMNOP"].join("");

function named(name: string, message = "details") {
  return Object.assign(new Error(message), { name });
}

describe("Bedrock error wire shape", () => {
  it("sends the status, x-amzn-ErrorType and a JSON message", async () => {
    const response = bedrockErrorResponse(new BedrockError("ThrottlingException", "Too many requests", { "retry-after": "3" }), "req-1");
    expect(response.status).toBe(429);
    expect(response.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
    expect(response.headers.get("x-amzn-requestid")).toBe("req-1");
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toEqual({ message: "Too many requests" });
  });
});

describe("fromUpstreamError", () => {
  it("keeps Bedrock's own exception types and messages", () => {
    const error = fromUpstreamError(named("ModelErrorException", "The model failed"));
    expect([error.type, error.status, error.message]).toEqual(["ModelErrorException", 424, "The model failed"]);
  });

  it("hides problems with the proxy's own AWS credentials behind an admin hint", () => {
    for (const name of ["UnrecognizedClientException", "InvalidSignatureException", "CredentialsProviderError", "ExpiredTokenException"]) {
      const error = fromUpstreamError(named(name, `The security token ${KEY_SHAPED_ID} is invalid`));
      expect(error.type).toBe("InternalServerException");
      expect(error.message).toMatch(/check the proxy's AWS credentials/);
      expect(error.message).not.toContain("AKIA");
    }
  });

  it("turns network failures and the unexpected into ServiceUnavailableException without internals", () => {
    const error = fromUpstreamError(named("Error", "connect ECONNREFUSED 10.0.0.12:443"));
    expect(error.type).toBe("ServiceUnavailableException");
    expect(error.message).not.toContain("10.0.0.12");
    expect(fromUpstreamError(undefined).type).toBe("ServiceUnavailableException");
  });

  it("scrubs ARNs, account ids and access key ids", () => {
    expect(
      scrubAccountDetails("User: arn:aws:iam::123456789012:role/x is not authorized (account 123456789012, key ASIAABCDEFGHIJKLMNOP)"),
    ).toBe("User: [redacted] is not authorized (account [redacted], key [redacted])");
  });
});
