/** The key CLI an admin uses: JSON out for create, no secrets in list, revoke, and what it leaves on disk. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "framefill-keys-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

function keys(args: string[], env: Record<string, string> = {}) {
  return run("npm", ["run", "--silent", "keys", "--", ...args], {
    env: { ...process.env, PROXY_DATA_DIR: dataDir, ...env },
  });
}

describe("npm run keys", () => {
  it("create prints only the new key as JSON, with the region and endpoint to use", async () => {
    const { stdout } = await keys(["create", "--name", "design-team"], { PROXY_PUBLIC_URL: "https://images.example.com" });
    const key = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(key).sort()).toEqual(["accessKeyId", "endpoint", "limits", "name", "region", "secretAccessKey"]);
    expect(key["limits"]).toBe("no limits");
    expect(key).toMatchObject({ name: "design-team", region: "us-west-2", endpoint: "https://images.example.com" });
    expect(key["accessKeyId"]).toMatch(/^FFK[A-Z2-7]{17}$/);
    expect(key["secretAccessKey"]!.length).toBeGreaterThanOrEqual(40);

    const file = await readFile(join(dataDir, "keys.json"), "utf8");
    expect(file).toContain(key["accessKeyId"]);
    expect(file).not.toContain(key["secretAccessKey"]);
    expect((await stat(join(dataDir, "keys.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, "seal.key"))).mode & 0o777).toBe(0o600);
  });

  it("list never shows a secret; revoke marks the key revoked", async () => {
    const { stdout: created } = await keys(["create", "--name", "marketing"]);
    const key = JSON.parse(created) as { accessKeyId: string; secretAccessKey: string };
    const { stdout: revoked } = await keys(["revoke", key.accessKeyId]);
    expect(revoked).toContain(`Revoked ${key.accessKeyId}`);
    const { stdout: listed } = await keys(["list", "--json"]);
    expect(listed).not.toContain(key.secretAccessKey);
    const entries = JSON.parse(listed) as { accessKeyId: string; name: string; revokedAt: string | null }[];
    expect(entries.map((entry) => entry.name)).toEqual(["design-team", "marketing"]);
    expect(entries.find((entry) => entry.accessKeyId === key.accessKeyId)!.revokedAt).toEqual(expect.any(String));
    const { stdout: table } = await keys(["list"]);
    expect(table).toMatch(/marketing.*revoked/);
    expect(table).toMatch(/design-team.*active/);
  });

  it("explains bad input and exits non-zero, changing nothing", async () => {
    const before = await readFile(join(dataDir, "keys.json"), "utf8");
    await expect(keys(["create", "--name", "bad/name"])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("A key name is") });
    await expect(keys(["create"])).rejects.toMatchObject({ stderr: expect.stringContaining("--name") });
    await expect(keys(["revoke", "FFKNOPE"])).rejects.toMatchObject({ stderr: expect.stringContaining("No key FFKNOPE") });
    await expect(keys(["shuffle"])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown command") });
    await expect(keys(["list"], { PROXY_REGION: "mars-1" })).rejects.toMatchObject({ stderr: expect.stringContaining("PROXY_REGION") });
    expect(await readFile(join(dataDir, "keys.json"), "utf8")).toBe(before);
  });

  it("refuses to open secrets sealed with another seal secret", async () => {
    const sealed = await mkdtemp(join(tmpdir(), "framefill-sealed-"));
    const env = { PROXY_DATA_DIR: sealed, PROXY_KEY_SEAL_SECRET: "a".repeat(32) };
    await run("npm", ["run", "--silent", "keys", "--", "create", "--name", "sealed"], { env: { ...process.env, ...env } });
    const { openKeyStore } = await import("../../../proxy/keys/key-store.js");
    const wrong = openKeyStore({ dataDir: sealed, sealSecret: "b".repeat(32) });
    await expect(wrong.lookupSecret("x")).rejects.toThrow(/sealed with another PROXY_KEY_SEAL_SECRET/);
    const right = openKeyStore({ dataDir: sealed, sealSecret: "a".repeat(32) });
    const [record] = await right.list();
    expect(await right.lookupSecret(record!.accessKeyId)).toEqual(expect.any(String));
    await rm(sealed, { recursive: true, force: true });
  });

  it("list shows a damaged record as damaged, and the other keys as they are", async () => {
    const damagedDir = await mkdtemp(join(tmpdir(), "framefill-damaged-"));
    const env = { PROXY_DATA_DIR: damagedDir };
    const ids: string[] = [];
    for (const name of ["intact", "broken"]) {
      const { stdout } = await keys(["create", "--name", name], env);
      ids.push((JSON.parse(stdout) as { accessKeyId: string }).accessKeyId);
    }
    const file = join(damagedDir, "keys.json");
    const contents = JSON.parse(await readFile(file, "utf8")) as { keys: Record<string, unknown>[] };
    contents.keys[1]!["sealedSecret"] = "v1.not-a-sealed-value";
    await writeFile(file, JSON.stringify(contents));

    const { stdout: table } = await keys(["list"], env);
    expect(table).toMatch(new RegExp(`${ids[0]}.*intact.*active`));
    expect(table).toMatch(new RegExp(`${ids[1]}.*damaged.*record 2.*sealedSecret is malformed.*refused as unknown`));
    const { stdout: json } = await keys(["list", "--json"], env);
    expect(JSON.parse(json)).toEqual([
      expect.objectContaining({ accessKeyId: ids[0], name: "intact", revokedAt: null }),
      { record: 2, accessKeyId: ids[1], damaged: "sealedSecret is malformed" },
    ]);
    await rm(damagedDir, { recursive: true, force: true });
  });
});
