import { readFile } from "node:fs/promises";
import { planToResources } from "./plan-file";
import { type AnalyzerResourceData, CheckInputError } from "./resource-data";
import { stackExportToResources } from "./stack-export";
import { isJsonObject, type JsonValue } from "./wire";

/** `plan`: crosscloud's preview plan.json. `stack-export`: `pulumi stack export` output. */
export type InputFormat = "plan" | "stack-export";

export interface LoadedResources {
  readonly format: InputFormat;
  readonly stack: string;
  readonly resources: readonly AnalyzerResourceData[];
}

const EXPECTED =
  'expected a crosscloud plan.json (top-level "stack" string and "resources" array) ' +
  'or a `pulumi stack export` file (top-level "version": 3 and "deployment" object)';

/** Tells the two accepted formats apart by their top-level keys; `undefined` for anything else. */
export function detectFormat(doc: JsonValue): InputFormat | undefined {
  if (!isJsonObject(doc)) return undefined;
  if ("deployment" in doc && "version" in doc) return "stack-export";
  if (typeof doc.stack === "string" && Array.isArray(doc.resources)) return "plan";
  return undefined;
}

/** Converts an already-parsed document; `source` names it in errors. */
export function resourcesFromDocument(doc: JsonValue, source: string): LoadedResources {
  const format = detectFormat(doc);
  if (format === undefined || !isJsonObject(doc)) throw new CheckInputError(source, `unrecognised format: ${EXPECTED}`);
  const { stack, resources } = format === "plan" ? planToResources(doc, source) : stackExportToResources(doc, source);
  return { format, stack, resources };
}

/** Reads and converts a plan.json or stack export file. */
export async function loadResources(file: string): Promise<LoadedResources> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new CheckInputError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let doc: JsonValue;
  try {
    // JSON.parse yields only JSON values, so the cast narrows `any` without lying.
    doc = JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new CheckInputError(file, `is not JSON (${(err as Error).message}); ${EXPECTED}`);
  }
  return resourcesFromDocument(doc, file);
}
