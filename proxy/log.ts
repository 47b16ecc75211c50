/**
 * The proxy's pino logger: JSON lines on stdout, one per request. Secrets, signatures and Authorization headers are
 * redacted wherever they appear, as a second line of defence behind never logging them in the first place.
 */
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "framefill-proxy" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ["secretAccessKey", "*.secretAccessKey", "authorization", "*.authorization", "signature", "*.signature"],
        censor: "[redacted]",
      },
    },
    options.destination,
  );
}
