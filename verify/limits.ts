/**
 * How long `crosscloud verify` waits, how often it retries, and the one error that ends it with exit 2
 * (credentials). Both clouds' SDKs retry throttling with exponential backoff themselves (AWS "standard"
 * retry mode; Azure core-rest-pipeline's retry policy, which honours `Retry-After`); these bound them.
 */
export const VERIFY_TIMEOUTS = {
  /** Each credential chain gets this long to produce a credential before verify gives up on it. */
  credentialMs: 6000,
  /** One cloud call, retries included. */
  callMs: 60000,
  /** TCP connect / one HTTP request (AWS request handler). */
  connectMs: 3000,
  requestMs: 15000,
  /** AWS attempts per call (1 + retries). */
  awsMaxAttempts: 5,
  /** Azure retries per call, and the backoff bounds. */
  azureMaxRetries: 4,
  azureRetryDelayMs: 1000,
  azureMaxRetryDelayMs: 16000,
  /** Azure long-running operations (getBgpPeerStatus, getLearnedRoutes…) are polled this often unless `Retry-After` says otherwise. */
  azurePollMs: 2000,
} as const;

export type Cloud = "aws" | "azure";

/** The credentials of a cloud are missing, expired or not allowed: verify stops with exit 2 and this message. */
export class CredentialsError extends Error {
  constructor(
    readonly cloud: Cloud,
    message: string,
  ) {
    super(message);
    this.name = "CredentialsError";
  }
}
