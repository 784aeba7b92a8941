/** "Did you mean": the nearest known name to a misspelt one, when it is near enough to be a likely typo. */
import { closest, distance } from "fastest-levenshtein";

/**
 * The known name `given` most likely meant, or undefined. Case-insensitive equality wins; then a known name
 * that starts with it (`bandwidth` → `bandwidthInMbps`); then the nearest by edit distance within about a
 * third of its length (at least 2, so a swapped pair like `cdir` → `cidr` is found). Names of one or two
 * characters get only the case-insensitive match: any two short names are "near".
 */
export function suggest(given: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = given.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same !== undefined) return same;
  if (given.length <= 2) return undefined;
  const prefixed = known.filter((k) => given.length >= 4 && k.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  const best = closest(lower, known.map((k) => k.toLowerCase()));
  const match = known.find((k) => k.toLowerCase() === best);
  return match !== undefined && distance(lower, best) <= Math.max(2, Math.floor(given.length / 3)) ? match : undefined;
}
