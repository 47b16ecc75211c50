/** The proxy's version, from package.json, shown by /healthz. */
import packageJson from "../package.json" with { type: "json" };

export const version: string = packageJson.version;
