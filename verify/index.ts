import { AlarmNames, DayTwoManifest, parseArmId } from "../sdk";
import { AwsRequestHandler, awsClients, collectAws } from "./aws";
import { azureClients, collectAzure } from "./azure";
import { runChecks } from "./checks";
import { CredentialProblem, VerifyCredentials, checkCredentials, defaultCredentials } from "./credentials";
import { CheckResult, CheckStatus } from "./facts";
import { CredentialsError } from "./limits";

export * from "./facts";
export * from "./checks";
export * from "./credentials";
export * from "./limits";
export * from "./outputs";
export * from "./report";

/**
 * `crosscloud verify`, run after `pulumi up`: the lab's checks (every tunnel up, every BGP peer connected,
 * exactly the planned prefixes each way, the interconnect as the active path, every alarm OK), against the
 * live clouds, with the users' normal credentials.
 */
export interface VerifyOptions {
  readonly manifest: DayTwoManifest;
  readonly alarmNames: AlarmNames;
  /** @default - the AWS default credential chain and `DefaultAzureCredential` */
  readonly credentials?: VerifyCredentials;
  /** Tests: answer the real AWS clients' HTTP requests. */
  readonly awsRequestHandler?: AwsRequestHandler;
  /** Tests: shorter Azure retry delays and LRO polling. */
  readonly azureRetryDelayMs?: number;
  readonly azurePollMs?: number;
  /** Deadline of each credential chain. @default `VERIFY_TIMEOUTS.credentialMs` */
  readonly credentialDeadlineMs?: number;
}

export type VerifyOutcome =
  | { readonly kind: "checked"; readonly checks: CheckResult[]; readonly passed: boolean }
  | { readonly kind: "credentials"; readonly problems: CredentialProblem[] };

export async function runVerify(opts: VerifyOptions): Promise<VerifyOutcome> {
  const m = opts.manifest;
  const credentials = opts.credentials ?? defaultCredentials();
  const problems = await checkCredentials(credentials, opts.credentialDeadlineMs);
  if (problems.length > 0) return { kind: "credentials", problems };
  const subscriptionId = parseArmId(m.azure.vpnGatewayId)?.subscriptionId ?? "";
  const aws = awsClients({ region: m.aws.region, credentials: credentials.aws, ...(opts.awsRequestHandler ? { requestHandler: opts.awsRequestHandler } : {}) });
  const azure = azureClients({
    credential: credentials.azure,
    subscriptionId,
    ...(opts.azureRetryDelayMs !== undefined ? { retryDelayMs: opts.azureRetryDelayMs } : {}),
    ...(opts.azurePollMs !== undefined ? { pollMs: opts.azurePollMs } : {}),
  });
  try {
    const [awsFacts, azureFacts] = await Promise.all([collectAws(m, opts.alarmNames.aws, aws), collectAzure(m, opts.alarmNames.azure, azure)]);
    const checks = runChecks(m, opts.alarmNames, awsFacts, azureFacts);
    return { kind: "checked", checks, passed: checks.every((c) => c.status !== CheckStatus.Fail) };
  } catch (e) {
    if (e instanceof CredentialsError) {
      return { kind: "credentials", problems: [{ cloud: e.cloud, chain: e.cloud === "aws" ? "the AWS credentials in use" : "the Azure credentials in use", details: [e.message] }] };
    }
    throw e;
  } finally {
    aws.ec2.destroy();
    aws.dx.destroy();
    aws.cloudwatch.destroy();
  }
}
