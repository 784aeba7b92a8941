import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { AwsCredentials } from "./aws";
import { Cloud, VERIFY_TIMEOUTS } from "./limits";

/**
 * Before any cloud call, each credential chain gets one try with its own deadline, so that a machine with
 * no credentials stops within seconds with a message naming the chain, never a stack trace or a hang.
 *
 * The deadline is a race, not an abort: `DefaultAzureCredential`'s managed-identity path can wait ~19 s on
 * an unreachable endpoint and ignores `abortSignal` (measured, notes "research-12-15-17" §Issue 15), and the
 * timers it leaves behind keep Node alive, which is why the `verify` command exits explicitly.
 */

/** The token scope of Azure Resource Manager. */
export const ARM_SCOPE = "https://management.azure.com/.default";

export const AWS_CHAIN =
  "the AWS default credential chain (environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, the shared config and credentials files" +
  `, web identity token, ECS container credentials, EC2 instance metadata)`;
export const AZURE_CHAIN = "DefaultAzureCredential (environment variables, workload identity, managed identity, Visual Studio Code, Azure CLI, Azure PowerShell, Azure Developer CLI)";

export interface CredentialProblem {
  readonly cloud: Cloud;
  /** The chain that was tried. */
  readonly chain: string;
  /** What each link said, one line each when the SDK reports them. */
  readonly details: string[];
}

/** The credentials verify uses; the defaults are the users' normal ones. */
export interface VerifyCredentials {
  readonly aws: NonNullable<AwsCredentials>;
  readonly azure: TokenCredential;
}

export function defaultCredentials(): VerifyCredentials {
  return { aws: fromNodeProviderChain(), azure: new DefaultAzureCredential() };
}

/** `promise`, or a rejection after `ms`; the timer never keeps the process alive. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const firstLine = (text: string): string => (text.split("\n").find((l) => l.trim() !== "") ?? text).trim();

/** The lines an SDK error carries: each credential of a chain when it says, else its message. */
function details(err: unknown): string[] {
  const e = err as { name?: string; message?: string; errors?: unknown[] };
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    return e.errors.map((x) => {
      const inner = x as { name?: string; message?: string };
      return `${inner.name ?? "Error"}: ${firstLine(inner.message ?? String(x))}`;
    });
  }
  return [`${e.name ?? "Error"}: ${firstLine(e.message ?? String(err))}`];
}

async function tryAws(creds: VerifyCredentials["aws"], ms: number): Promise<CredentialProblem | undefined> {
  try {
    const provider = typeof creds === "function" ? creds : async () => creds;
    const identity = await withDeadline(Promise.resolve(provider()), ms, "the AWS credential chain");
    if (!identity.accessKeyId) return { cloud: "aws", chain: AWS_CHAIN, details: ["the chain returned no access key"] };
    if (identity.expiration !== undefined && identity.expiration.getTime() <= Date.now()) {
      return { cloud: "aws", chain: AWS_CHAIN, details: [`the credentials expired at ${identity.expiration.toISOString()}`] };
    }
    return undefined;
  } catch (e) {
    return { cloud: "aws", chain: AWS_CHAIN, details: details(e) };
  }
}

async function tryAzure(cred: TokenCredential, ms: number): Promise<CredentialProblem | undefined> {
  try {
    const token = await withDeadline(cred.getToken(ARM_SCOPE, { abortSignal: AbortSignal.timeout(ms) }), ms, "DefaultAzureCredential");
    if (!token?.token) return { cloud: "azure", chain: AZURE_CHAIN, details: ["the chain returned no token"] };
    if (token.expiresOnTimestamp <= Date.now()) return { cloud: "azure", chain: AZURE_CHAIN, details: [`the token expired at ${new Date(token.expiresOnTimestamp).toISOString()}`] };
    return undefined;
  } catch (e) {
    return { cloud: "azure", chain: AZURE_CHAIN, details: details(e) };
  }
}

/** Both chains at once, each with its own deadline; the problems found (none: both have credentials). */
export async function checkCredentials(creds: VerifyCredentials, ms: number = VERIFY_TIMEOUTS.credentialMs): Promise<CredentialProblem[]> {
  const results = await Promise.all([tryAws(creds.aws, ms), tryAzure(creds.azure, ms)]);
  return results.filter((r): r is CredentialProblem => r !== undefined);
}
