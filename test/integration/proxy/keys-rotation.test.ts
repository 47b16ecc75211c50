/**
 * Rotating a key: a new secret at once, the old one refused at once or after a grace period, on a running proxy;
 * the CLI prints the new secret and refuses a bad grace without changing anything.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../support/sign-request.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

const run = promisify(execFile);
let proxy: TestProxy;
beforeAll(async () => {
  proxy = await startTestProxy();
});
afterAll(() => proxy?.close());

const send = (accessKeyId: string, secretAccessKey: string, prompt: string) =>
  signedFetch({ url: `${proxy.url}/model/stability.stable-image-core-v1%3A0/invoke`, body: JSON.stringify({ prompt }), accessKeyId, secretAccessKey });

describe("keys rotate", () => {
  it("without a grace period, refuses the old secret from the next request", async () => {
    const key = await proxy.proxy.keys.create({ name: "rotate now" });
    const rotated = (await proxy.proxy.keys.rotate(key.accessKeyId))!;
    expect(rotated.accessKeyId).toBe(key.accessKeyId);
    expect(rotated.secretAccessKey).not.toBe(key.secretAccessKey);
    expect((await send(key.accessKeyId, rotated.secretAccessKey, "new secret")).status).toBe(200);
    const old = await send(key.accessKeyId, key.secretAccessKey, "old secret");
    expect(old.status).toBe(403);
    expect(old.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
  });

  it("with a grace period, takes both secrets until it ends, then only the new one", async () => {
    const key = await proxy.proxy.keys.create({ name: "rotate with grace" });
    const rotated = (await proxy.proxy.keys.rotate(key.accessKeyId, { graceMs: 600 }))!;
    expect((await send(key.accessKeyId, key.secretAccessKey, "old, in grace")).status).toBe(200);
    expect((await send(key.accessKeyId, rotated.secretAccessKey, "new, in grace")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await send(key.accessKeyId, key.secretAccessKey, "old, after grace")).status).toBe(403);
    expect((await send(key.accessKeyId, rotated.secretAccessKey, "new, after grace")).status).toBe(200);
  });

  it("refuses to rotate a revoked or unknown key", async () => {
    const key = await proxy.proxy.keys.create({ name: "revoked" });
    await proxy.proxy.keys.revoke(key.accessKeyId);
    expect(await proxy.proxy.keys.rotate(key.accessKeyId)).toBeUndefined();
    expect(await proxy.proxy.keys.rotate("FFKNOSUCHKEY00000000")).toBeUndefined();
  });

  it("from the CLI prints the new secret, and refuses a bad grace changing nothing", async () => {
    const key = await proxy.proxy.keys.create({ name: "cli rotate" });
    const env = { ...process.env, PROXY_DATA_DIR: proxy.dataDir };
    const bad = await run(process.execPath, ["--import", "tsx", "proxy/keys/cli.ts", "rotate", key.accessKeyId, "--grace", "soon"], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain("--grace takes a duration such as 90s, 10m, 2h or 1d");
    expect((await send(key.accessKeyId, key.secretAccessKey, "unchanged by a bad grace")).status).toBe(200);

    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "proxy/keys/cli.ts", "rotate", key.accessKeyId, "--grace", "10m"], { env });
    const printed = JSON.parse(stdout) as { accessKeyId: string; secretAccessKey: string };
    expect(printed.accessKeyId).toBe(key.accessKeyId);
    expect(stderr).toContain("The old secret keeps working for 10m.");
    expect((await send(key.accessKeyId, printed.secretAccessKey, "new from cli")).status).toBe(200);
    expect((await send(key.accessKeyId, key.secretAccessKey, "old in its 10 minutes")).status).toBe(200);
  });
});
