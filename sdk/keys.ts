import { Issue, issue } from "./errors";

/**
 * Map keys become part of Pulumi logical names (`${name}-${key}-${role}`) and therefore URNs, so they
 * must be URN-safe as they are and must never be derived lossily from other values.
 */
export const KEY_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;

export function checkKey(path: string, key: string): Issue[] {
  return KEY_PATTERN.test(key)
    ? []
    : [issue(path, "KEY_INVALID", `key "${key}" must match ${KEY_PATTERN.source} (lower-case letter first, then letters, digits or '-', at most 31 characters) because it becomes part of resource names`)];
}

/** Keys of a record in a stable order (code-point order), so planning never depends on insertion order. */
export const sortedKeys = <T>(record: Readonly<Record<string, T>>): string[] => Object.keys(record).sort();
