/**
 * Bedrock's wording for a request body it refuses ("Malformed input request: #/seed: ..., please reformat your input
 * and try again."), from valibot's issues. Shared by the contract's validators; not part of the public contract.
 */
import type * as v from "valibot";

/** Wraps one violation in Bedrock's sentence. */
export function malformed(detail: string): string {
  return `Malformed input request: ${detail}, please reformat your input and try again.`;
}

/** One valibot issue as Bedrock names a JSON-schema violation, with its JSON pointer (`#/left`). */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const keys = issue.path?.map((item) => String(item.key)) ?? [];
  const pointer = ["#", ...keys].join("/");
  const parent = ["#", ...keys.slice(0, -1)].join("/");
  const key = keys.at(-1);
  switch (issue.type) {
    case "strict_object":
      if (issue.expected === "never") return `${parent}: extraneous key [${key}] is not permitted`;
      if (issue.received === "undefined" && key !== undefined) return `${parent}: required key [${key}] not found`;
      return `${pointer}: expected type: JSONObject, found: ${jsonTypeName(issue.input)}`;
    case "min_length":
      return `${pointer}: expected minLength: ${String(issue.requirement)}, actual: ${issue.received}`;
    case "max_length":
      return `${pointer}: expected maxLength: ${String(issue.requirement)}, actual: ${issue.received}`;
    case "min_value":
      return `${pointer}: ${issue.received} is not greater or equal to ${String(issue.requirement)}`;
    case "max_value":
      return `${pointer}: ${issue.received} is not less or equal to ${String(issue.requirement)}`;
    case "integer":
      return `${pointer}: expected type: Integer, found: Number`;
    case "picklist":
    case "literal":
      return `${pointer}: ${issue.received.replace(/^"|"$/g, "")} is not a valid enum value`;
    case "number":
      return `${pointer}: expected type: Integer, found: ${jsonTypeName(issue.input)}`;
    case "string":
      return `${pointer}: expected type: String, found: ${jsonTypeName(issue.input)}`;
    default:
      return `${pointer}: ${issue.message}`;
  }
}

/** The JSON type name Bedrock uses in its messages ("String", "Integer", "JSONObject", ...). */
export function jsonTypeName(value: unknown): string {
  if (value === null) return "Null";
  if (Array.isArray(value)) return "JSONArray";
  switch (typeof value) {
    case "string":
      return "String";
    case "number":
      return Number.isInteger(value) ? "Integer" : "BigDecimal";
    case "boolean":
      return "Boolean";
    case "object":
      return "JSONObject";
    default:
      return "Null";
  }
}
