import { labSkipReason } from "../../lab";

/**
 * Real lab runs need root and Debian's strongSwan/FRR packages. Where they are missing the tests are
 * skipped and say why, never silently passed; CI sets CROSSCLOUD_LAB_REQUIRED=1 (after installing the
 * packages), and then a missing prerequisite fails the run instead of skipping it.
 */
export function labDescribe(file: string): jest.Describe {
  const reason = labSkipReason();
  if (reason === undefined) return describe;
  if (process.env["CROSSCLOUD_LAB_REQUIRED"] === "1") throw new Error(`${file}: the lab is required here (CROSSCLOUD_LAB_REQUIRED=1) but cannot run: ${reason}`);
  console.warn(`${file}: real lab runs SKIPPED: ${reason}`);
  return describe.skip;
}
