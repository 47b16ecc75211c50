/**
 * Runs the Bedrock emulator from the command line (`npm run emulator`) and prints how to point the proxy at it.
 *
 * Environment (all optional): PORT (default 4010), HOST (default 127.0.0.1), EMULATOR_REGION (default us-west-2),
 * EMULATOR_ACCESS_KEY_ID and EMULATOR_SECRET_ACCESS_KEY (the key it accepts; dev defaults otherwise),
 * EMULATOR_IMAGE_BASE64_BYTES (answer every image with a fixed random image of that many base64 characters instead of
 * rendering one) and EMULATOR_MAX_CONCURRENT_STREAMS (HTTP/2 streams per connection, default 100).
 *
 * @example
 * PORT=4010 npm run emulator
 * curl -X POST localhost:4010/__emulator/faults -d '{"fault":{"kind":"error","errorType":"ThrottlingException"}}'
 */
import { EMULATOR_DEFAULTS, startBedrockEmulator } from "./index.js";

const DEFAULT_PORT = 4010;

const port = process.env["PORT"] ? Number(process.env["PORT"]) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not ${JSON.stringify(process.env["PORT"])}.`);
  process.exit(1);
}
const region = process.env["EMULATOR_REGION"] || EMULATOR_DEFAULTS.region;
const credentials = {
  accessKeyId: process.env["EMULATOR_ACCESS_KEY_ID"] || EMULATOR_DEFAULTS.credentials.accessKeyId,
  secretAccessKey: process.env["EMULATOR_SECRET_ACCESS_KEY"] || EMULATOR_DEFAULTS.credentials.secretAccessKey,
};

const emulator = await startBedrockEmulator({
  host: process.env["HOST"] || EMULATOR_DEFAULTS.host,
  port,
  region,
  credentials,
  imageBase64Bytes: optionalWholeNumber("EMULATOR_IMAGE_BASE64_BYTES"),
  maxConcurrentStreams: optionalWholeNumber("EMULATOR_MAX_CONCURRENT_STREAMS"),
});

console.log(`Bedrock Runtime emulator on ${emulator.url} (HTTP/1.1 and HTTP/2 cleartext), region ${region}.

Point the proxy at it:
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${emulator.url} AWS_REGION=${region} \\
  AWS_ACCESS_KEY_ID=${credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey} \\
  PROXY_BACKEND=bedrock npm run proxy

Drive it:
  curl ${emulator.url}/__emulator/requests
  curl -X POST ${emulator.url}/__emulator/faults -d '{"fault":{"kind":"error","errorType":"ThrottlingException"},"times":3}'
  curl -X POST ${emulator.url}/__emulator/reset
Fault kinds: error (any Bedrock errorType), content-filter, slow (delayMs), hang, malformed-json, malformed-tail, connection-reset.`);

function optionalWholeNumber(name: string): number | undefined {
  const text = process.env[name];
  if (!text) return undefined;
  if (!/^\d+$/.test(text)) {
    console.error(`${name} must be a whole number, not ${JSON.stringify(text)}.`);
    process.exit(1);
  }
  return Number(text);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
