import { readFileSync } from "node:fs";
import { BASE_ENV, BINARIES } from "../runtime/daemons";
import { run } from "../runtime/exec";

/** What a client saw for one query: the response code and the answer section. */
export interface DigResult {
  /** `NOERROR`, `NXDOMAIN`, `SERVFAIL`, …, or `TIMEOUT` when no answer came. */
  readonly status: string;
  readonly answers: readonly { readonly name: string; readonly ttl: number; readonly type: string; readonly value: string }[];
}

/** Parses `dig +noall +comments +answer` output. */
export function parseDig(text: string): DigResult {
  const status = /status: ([A-Z]+)/.exec(text)?.[1] ?? "TIMEOUT";
  const answers = text
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith(";"))
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 5 && p[2] === "IN")
    .map((p) => ({ name: (p[0] as string).replace(/\.$/, ""), ttl: Number(p[1]), type: p[3] as string, value: (p[4] as string).replace(/\.$/, "") }));
  return { status, answers };
}

/** The A address a result ends in (after any CNAMEs), if any. */
export const finalAddress = (r: DigResult): string | undefined => r.answers.filter((a) => a.type === "A").map((a) => a.value)[0];

/** One query from a VM's namespace to its resolver, one try, `timeSeconds` (3 s). */
export async function dig(namespace: string, server: string, name: string, timeSeconds = 3): Promise<DigResult> {
  const result = await run(BINARIES.ip, ["netns", "exec", namespace, BINARIES.dig, `@${server}`, name, "A", "+noall", "+comments", "+answer", "+tries=1", `+time=${timeSeconds}`], {
    env: BASE_ENV,
    timeoutMs: 8000,
  });
  return parseDig(result.stdout);
}

/** One query as unbound logs it with `log-queries: yes`. */
export interface LoggedQuery {
  readonly client: string;
  readonly name: string;
  readonly type: string;
}

/** Parses unbound's query log lines (`[t] unbound[p:0] info: 10.1.32.71 acct.blob.core.windows.net. A IN`). */
export function parseQueryLog(text: string): LoggedQuery[] {
  const out: LoggedQuery[] = [];
  for (const line of text.split("\n")) {
    const m = /\binfo: (\d+\.\d+\.\d+\.\d+) (\S+)\. (\S+) IN$/.exec(line.trim());
    if (m) out.push({ client: m[1] as string, name: (m[2] as string).toLowerCase(), type: m[3] as string });
  }
  return out;
}

/** A server's query log, read from an offset (what arrived since). */
export class QueryLog {
  private offset = 0;
  constructor(readonly file: string) {}

  private read(): string {
    try {
      return readFileSync(this.file, "utf8");
    } catch {
      return "";
    }
  }

  /** Forget everything logged so far. */
  mark(): void {
    this.offset = Buffer.byteLength(this.read());
  }

  /** Queries logged since the last mark. */
  since(): LoggedQuery[] {
    return parseQueryLog(Buffer.from(this.read()).subarray(this.offset).toString("utf8"));
  }
}
