/**
 * A test proxy on its bedrock backend, whose upstream is a Bedrock emulator: the emulator is started with server
 * credentials that the proxy finds through the default AWS chain (environment), and the standard
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME variable points the proxy's SDK at it.
 *
 * @example
 * const { emulator, proxy } = await startProxyOnEmulator();
 * emulator.injectFault({ kind: "error", errorType: "ThrottlingException" });
 * await proxy.close(); await emulator.close();
 */
import { type BedrockEmulator, startBedrockEmulator } from "./bedrock-emulator/index.js";
import { startTestProxy, type TestProxy, type TestProxyOptions } from "./test-proxy.js";

/** The proxy's own AWS credentials towards the emulator (never a client's key). */
export const UPSTREAM_CREDENTIALS = { accessKeyId: "AKIDPROXYUPSTREAM001", secretAccessKey: "proxy-upstream-secret-000000000000000000" };

export async function startProxyOnEmulator(options: TestProxyOptions = {}): Promise<{ emulator: BedrockEmulator; proxy: TestProxy }> {
  const emulator = await startBedrockEmulator({ credentials: UPSTREAM_CREDENTIALS, region: "us-west-2" });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
    AWS_ACCESS_KEY_ID: UPSTREAM_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: UPSTREAM_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
  });
  try {
    const proxy = await startTestProxy({ ...options, env: { PROXY_BACKEND: "bedrock", ...options.env } });
    return { emulator, proxy };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
