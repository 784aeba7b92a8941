/**
 * verify under throttling and bad credentials. aws-sdk-client-mock replaces `send`, so it never runs the
 * SDK's retry middleware; throttling is therefore tested on the real EC2 client with a fake request handler
 * answering its HTTP requests (EC2's query-protocol XML, errors as `<Response><Errors><Error><Code>`), and on
 * Azure with nock answering 429 + `Retry-After: 0` first.
 */
import { Readable } from "node:stream";
import nock from "nock";
import { AwsRequestHandler } from "../../verify/aws";
import { VerifyOutcome, runVerify } from "../../verify";
import { fakeAwsCredentials, fakeAzureCredential, healthyWorld, installAws, installAzure, loadOutputs, restoreAwsClients, routeTables, vpnConnections } from "./world";

const dev = loadOutputs("dev");

/** What the SDK's request handler must return: a response whose body is a stream. */
class FakeResponse {
  constructor(
    readonly statusCode: number,
    readonly headers: Record<string, string>,
    readonly body: Readable,
  ) {}
}

const xml = (s: string) => Readable.from([Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${s}`)]);
const ec2Error = (code: string, message: string) => `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>`;

/** EC2 XML for the two calls verify makes on a VGW stack, from the same state the mocks use. */
function ec2Xml(action: string): string {
  const w = healthyWorld(dev);
  const m = dev.manifest;
  if (action === "DescribeVpnConnections") {
    const items = vpnConnections(w, m)
      .map(
        (c) =>
          `<item><vpnConnectionId>${c.VpnConnectionId}</vpnConnectionId><state>${c.State}</state><type>${c.Type}</type><vgwTelemetry>` +
          c.VgwTelemetry.map(
            (t) =>
              `<item><outsideIpAddress>${t.OutsideIpAddress}</outsideIpAddress><status>${t.Status}</status><lastStatusChange>${t.LastStatusChange.toISOString()}</lastStatusChange><statusMessage>${t.StatusMessage}</statusMessage><acceptedRouteCount>${t.AcceptedRouteCount}</acceptedRouteCount></item>`,
          ).join("") +
          `</vgwTelemetry></item>`,
      )
      .join("");
    return `<DescribeVpnConnectionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><vpnConnectionSet>${items}</vpnConnectionSet></DescribeVpnConnectionsResponse>`;
  }
  const tables = routeTables(w, m)
    .map(
      (t) =>
        `<item><routeTableId>${t.RouteTableId}</routeTableId><routeSet>` +
        t.Routes.map((r) => `<item><destinationCidrBlock>${r.DestinationCidrBlock}</destinationCidrBlock><gatewayId>${r.GatewayId}</gatewayId><state>${r.State}</state><origin>${r.Origin}</origin></item>`).join("") +
        `</routeSet></item>`,
    )
    .join("");
  return `<DescribeRouteTablesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r2</requestId><routeTableSet>${tables}</routeTableSet></DescribeRouteTablesResponse>`;
}

/** A request handler for the real EC2 client: `answer(action, attempt)` says what to return. */
function fakeEc2(answer: (action: string, attempt: number) => { status: number; body: string }): { handler: AwsRequestHandler; attempts: Record<string, number> } {
  const attempts: Record<string, number> = {};
  const handler = {
    handle: async (request: { body?: unknown }) => {
      const action = new URLSearchParams(String(request.body ?? "")).get("Action") ?? "?";
      attempts[action] = (attempts[action] ?? 0) + 1;
      const a = answer(action, attempts[action] as number);
      return { response: new FakeResponse(a.status, { "content-type": "text/xml;charset=UTF-8" }, xml(a.body)) };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  } as unknown as AwsRequestHandler;
  return { handler, attempts };
}

beforeAll(() => restoreAwsClients("ec2"));
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const run = (opts: Partial<Parameters<typeof runVerify>[0]> = {}): Promise<VerifyOutcome> =>
  runVerify({
    manifest: dev.manifest,
    alarmNames: dev.alarmNames,
    credentials: { aws: fakeAwsCredentials, azure: fakeAzureCredential },
    azureRetryDelayMs: 1,
    azurePollMs: 0,
    ...opts,
  });

describe("verify retries throttling with backoff, then succeeds", () => {
  it("on AWS (RequestLimitExceeded, 503) and on Azure (429, Retry-After)", async () => {
    const w = healthyWorld(dev);
    installAws(w, dev.manifest, dev.alarmNames, { skipEc2: true });
    const log = installAzure(w, dev, { throttleFirst: true });
    const ec2 = fakeEc2((action, attempt) =>
      action === "DescribeVpnConnections" && attempt === 1 ? { status: 503, body: ec2Error("RequestLimitExceeded", "Request limit exceeded.") } : { status: 200, body: ec2Xml(action) },
    );
    const outcome = await run({ awsRequestHandler: ec2.handler });
    expect(outcome.kind).toBe("checked");
    if (outcome.kind !== "checked") return;
    expect(outcome.checks.filter((c) => c.status !== "PASS").map((c) => c.id)).toEqual([]);
    expect(ec2.attempts).toEqual({ DescribeVpnConnections: 2, DescribeRouteTables: 1 });
    // One 429 per connection, each retried.
    expect(log.throttled).toBe(2);
    expect(log.requests.filter((r) => r.includes("/connections/"))).toHaveLength(4);
  });

  it("gives up after its attempts and reports what it could not read, as a failed check", async () => {
    const w = healthyWorld(dev);
    installAws(w, dev.manifest, dev.alarmNames, { skipEc2: true });
    installAzure(w, dev);
    const ec2 = fakeEc2((action) => (action === "DescribeVpnConnections" ? { status: 503, body: ec2Error("RequestLimitExceeded", "Request limit exceeded.") } : { status: 200, body: ec2Xml(action) }));
    const outcome = await run({ awsRequestHandler: ec2.handler });
    if (outcome.kind !== "checked") throw new Error("expected checks");
    expect(ec2.attempts["DescribeVpnConnections"]).toBe(5);
    const tunnel = outcome.checks.find((c) => c.id === "tunnel-up:a-t1");
    expect(tunnel?.status).toBe("FAIL");
    expect(tunnel?.evidence.join("\n")).toMatch(/could not read DescribeVpnConnections: RequestLimitExceeded/);
  }, 60000);
});

describe("verify with expired credentials stops with the credential problem (exit 2 at the CLI)", () => {
  it("AWS credentials that expired before the run are refused before any call", async () => {
    const ec2 = fakeEc2(() => ({ status: 200, body: "" }));
    const outcome = await run({ credentials: { aws: { ...fakeAwsCredentials, sessionToken: "t", expiration: new Date(Date.now() - 60_000) }, azure: fakeAzureCredential }, awsRequestHandler: ec2.handler });
    expect(outcome.kind).toBe("credentials");
    if (outcome.kind !== "credentials") return;
    expect(outcome.problems.map((p) => p.cloud)).toEqual(["aws"]);
    expect(outcome.problems[0]?.details.join("\n")).toMatch(/expired at/);
    expect(ec2.attempts).toEqual({});
  });

  it("AWS refusing a session token as expired mid-run", async () => {
    const w = healthyWorld(dev);
    installAws(w, dev.manifest, dev.alarmNames, { skipEc2: true });
    installAzure(w, dev);
    const ec2 = fakeEc2(() => ({ status: 400, body: ec2Error("ExpiredToken", "The security token included in the request is expired") }));
    const outcome = await run({ awsRequestHandler: ec2.handler });
    expect(outcome.kind).toBe("credentials");
    if (outcome.kind !== "credentials") return;
    expect(outcome.problems[0]?.details.join("\n")).toMatch(/AWS refused (DescribeVpnConnections|DescribeRouteTables): ExpiredToken: The security token included in the request is expired/);
  });

  it("Azure answering 401 ExpiredAuthenticationToken", async () => {
    const w = healthyWorld(dev);
    installAws(w, dev.manifest, dev.alarmNames, { skipEc2: true });
    installAzure(w, dev, { expiredToken: true });
    const ec2 = fakeEc2((action) => ({ status: 200, body: ec2Xml(action) }));
    const outcome = await run({ awsRequestHandler: ec2.handler });
    expect(outcome.kind).toBe("credentials");
    if (outcome.kind !== "credentials") return;
    expect(outcome.problems[0]?.cloud).toBe("azure");
    expect(outcome.problems[0]?.details.join("\n")).toMatch(/ExpiredAuthenticationToken \(HTTP 401\)/);
  });

  it("a credential chain that never answers is given up on at its deadline", async () => {
    const hanging = { getToken: () => new Promise<never>(() => undefined) };
    const started = Date.now();
    const outcome = await run({ credentials: { aws: fakeAwsCredentials, azure: hanging }, credentialDeadlineMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(outcome.kind).toBe("credentials");
    if (outcome.kind !== "credentials") return;
    expect(outcome.problems[0]?.details).toEqual(["Error: DefaultAzureCredential: no answer within 0.3 s"]);
  });
});
