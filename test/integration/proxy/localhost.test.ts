/**
 * The proxy names itself `localhost` (issue 11: Figma desktop refuses IP addresses in a manifest's devAllowedDomains),
 * while it still binds 127.0.0.1 by default. So clients given http://localhost:PORT must reach it and sign for that
 * host: Node's fetch, a client whose resolver lists ::1 before 127.0.0.1 (Node 20 tries the next address), and the
 * AWS SDK over h2c and HTTP/1.1, whose signatures name `localhost:PORT`. Chromium and the plugin's UI reach it there in
 * every browser test (test/support/test-proxy.ts gives them proxy.url).
 */
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent, get, type IncomingMessage } from "node:http";
import type { LookupFunction, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TextToImageResponse } from "../../../src/contract/index.js";
import { listen, type RunningServer } from "../../../proxy/server/listen.js";
import { startTestProxy, type TestProxy } from "../../support/test-proxy.js";

let proxy: TestProxy;

beforeAll(async () => {
  proxy = await startTestProxy();
});

afterAll(async () => {
  await proxy?.close();
});

/** A resolver that answers localhost with ::1 first, as many systems' /etc/hosts do. */
const ipv6First: LookupFunction = (_hostname, options, callback) => {
  const addresses = [
    { address: "::1", family: 6 },
    { address: "127.0.0.1", family: 4 },
  ];
  if (options.all) callback(null, addresses);
  else callback(null, addresses[0]!.address, addresses[0]!.family);
};

function getWith(agent: Agent, url: string): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ response, body }));
    }).on("error", reject);
  });
}

async function invokeWith(client: BedrockRuntimeClient): Promise<{ body: TextToImageResponse; signedHosts: string[] }> {
  const signedHosts: string[] = [];
  // The deserialize step sees the request as it leaves, signed.
  client.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers: Record<string, string> }).headers;
      // Over HTTP/1.1 the SDK signs `host`; over HTTP/2, `:authority` (see http2-signatures.test.ts).
      const signed = /SignedHeaders=([^,]+)/.exec(headers["authorization"] ?? "")?.[1]?.split(";") ?? [];
      for (const name of ["host", ":authority"]) if (signed.includes(name)) signedHosts.push(headers[name] ?? "");
      return next(args);
    },
    { step: "deserialize" },
  );
  const output = await client.send(
    new InvokeModelCommand({ modelId: "stability.stable-image-core-v1:0", body: JSON.stringify({ prompt: "a lighthouse", seed: 5 }) }),
  );
  return { body: JSON.parse(new TextDecoder().decode(output.body)) as TextToImageResponse, signedHosts };
}

describe("a proxy bound to 127.0.0.1", () => {
  it("names itself http://localhost:PORT, where Node's fetch reaches it", async () => {
    expect(proxy.url).toBe(`http://localhost:${proxy.proxy.port}`);
    const health = await fetch(`${proxy.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("is reached as localhost by a client whose resolver gives ::1 first: ::1 is refused, 127.0.0.1 answers", async () => {
    const agent = new Agent({ lookup: ipv6First });
    try {
      const { response, body } = await getWith(agent, `${proxy.url}/healthz`);
      expect(response.statusCode, body).toBe(200);
      const socket = response.socket as Socket & { autoSelectFamilyAttemptedAddresses?: string[] };
      expect(socket.autoSelectFamilyAttemptedAddresses).toEqual([`::1:${proxy.proxy.port}`, `127.0.0.1:${proxy.proxy.port}`]);
    } finally {
      agent.destroy();
    }
  });

  it("accepts the AWS SDK's signature for host localhost:PORT over h2c and HTTP/1.1, its resolver giving ::1 first", async () => {
    const credentials = { accessKeyId: proxy.key.accessKeyId, secretAccessKey: proxy.key.secretAccessKey };
    const overH2c = new BedrockRuntimeClient({
      region: "us-west-2",
      endpoint: proxy.url,
      maxAttempts: 1,
      credentials,
      requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { lookup: ipv6First } }),
    });
    const agent = new Agent({ lookup: ipv6First });
    const overHttp1 = new BedrockRuntimeClient({
      region: "us-west-2",
      endpoint: proxy.url,
      maxAttempts: 1,
      credentials,
      requestHandler: new NodeHttpHandler({ httpAgent: agent }),
    });
    try {
      for (const [client, protocol] of [[overH2c, "h2"], [overHttp1, "http/1.1"]] as const) {
        const logged = proxy.logs.length;
        const { body, signedHosts } = await invokeWith(client);
        expect(body.seeds).toEqual([5]);
        expect(signedHosts).toEqual([`localhost:${proxy.proxy.port}`]);
        expect(proxy.logs.slice(logged).find((line) => line["msg"] === "request")).toMatchObject({ status: 200, protocol });
      }
    } finally {
      overH2c.destroy();
      overHttp1.destroy();
      agent.destroy();
    }
  });
});

describe("the name a binding is given", () => {
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.close();
  });

  it("is localhost for the IPv4 wildcard, and [::1] for ::1, which localhost need not resolve to", async () => {
    const answer = (_request: unknown, response: { end(text: string): void }) => response.end("ok");
    server = await listen(answer, { host: "0.0.0.0" });
    expect(server.url).toBe(`http://localhost:${server.port}`);
    expect(await (await fetch(`${server.url}/`)).text()).toBe("ok");
    await server.close();

    server = await listen(answer, { host: "::1" });
    expect(server.url).toBe(`http://[::1]:${server.port}`);
    expect(await (await fetch(`${server.url}/`)).text()).toBe("ok");
  });
});
