import { mocks } from "../helpers/pulumi-mocks";
import { CrossCloudFailover, CrossCloudFailoverArgs, vpnConnectionDownAlarm } from "../../components";
import { T, TYPE } from "../../graph";
import { PlanError } from "../../sdk";

const ZONE = "Z0123456789ABCDEFGHIJ";
const NLB = {
  namespace: "AWS/NetworkELB",
  metricName: "HealthyHostCount",
  dimensions: { LoadBalancer: "net/payments/0123456789abcdef", TargetGroup: "targetgroup/payments/0123456789abcdef" },
  statistic: "Minimum",
  comparisonOperator: "LessThanThreshold",
  threshold: 1,
} as const;

/** The private case: both endpoints private IPs; the primary's health from an alarm, the standby's from the two VPN connections. */
const privateArgs: CrossCloudFailoverArgs = {
  service: "payments-api",
  zoneId: ZONE,
  zoneName: "prod.aws.example.internal",
  privateZone: true,
  ttl: 30,
  alarmRegion: "us-east-1",
  primary: { target: "10.1.16.10", alarm: { metric: { ...NLB } } },
  secondary: {
    target: "10.16.1.10",
    reachability: { alarms: { a: vpnConnectionDownAlarm("vpn-0aaaa000000000000"), b: vpnConnectionDownAlarm("vpn-0bbbb000000000000") }, minHealthy: 1 },
  },
};

function planError(args: CrossCloudFailoverArgs): PlanError {
  try {
    new CrossCloudFailover("svc", args);
  } catch (e) {
    if (e instanceof PlanError) return e;
    throw e;
  }
  throw new Error("expected a PlanError");
}

afterEach(() => mocks.reset());

describe("CrossCloudFailover: the private case", () => {
  it("points the PRIMARY record at the alarm-based check, and that check names the created alarm and its region", async () => {
    new CrossCloudFailover("svc", privateArgs);
    await mocks.settled();
    const record = mocks.created(T.awsRoute53Record, "svc-primary");
    const check = mocks.created(T.awsRoute53HealthCheck, "svc-primary-hc");
    const alarm = mocks.created(T.awsMetricAlarm, "svc-primary-alarm");
    expect(record.input("failoverRoutingPolicies")).toEqual([{ type: "PRIMARY" }]);
    expect(record.input("healthCheckId")).toBe(check.id);
    expect(record.propertyDependencies["healthCheckId"]).toEqual([check.urn]);
    expect([record.input("name"), record.input("type"), record.input("ttl"), record.input("records"), record.input("zoneId")]).toEqual([
      "payments-api.prod.aws.example.internal",
      "A",
      30,
      ["10.1.16.10"],
      ZONE,
    ]);
    expect(check.input("type")).toBe("CLOUDWATCH_METRIC");
    expect(check.input("cloudwatchAlarmName")).toBe(alarm.output("name"));
    expect(check.propertyDependencies["cloudwatchAlarmName"]).toEqual([alarm.urn]);
    expect(check.input("cloudwatchAlarmRegion")).toBe("us-east-1");
    expect(alarm.input("region")).toBe("us-east-1");
    expect(check.input("insufficientDataHealthStatus")).toBe("LastKnownStatus");
    expect([alarm.input("namespace"), alarm.input("metricName"), alarm.input("dimensions"), alarm.input("statistic"), alarm.input("period"), alarm.input("treatMissingData")]).toEqual([
      "AWS/NetworkELB",
      "HealthyHostCount",
      NLB.dimensions,
      "Minimum",
      60,
      "breaching",
    ]);
  });

  it("makes the SECONDARY healthy only while a path to it is up: a CALCULATED check over the two VPN connection alarms", async () => {
    new CrossCloudFailover("svc", privateArgs);
    await mocks.settled();
    const record = mocks.created(T.awsRoute53Record, "svc-secondary");
    const calc = mocks.created(T.awsRoute53HealthCheck, "svc-secondary-calculated-hc");
    expect(record.input("failoverRoutingPolicies")).toEqual([{ type: "SECONDARY" }]);
    expect(record.input("healthCheckId")).toBe(calc.id);
    expect(record.input("records")).toEqual(["10.16.1.10"]);
    expect(record.input("setIdentifier")).not.toBe(mocks.created(T.awsRoute53Record, "svc-primary").input("setIdentifier"));
    const children = ["a", "b"].map((k) => mocks.created(T.awsRoute53HealthCheck, `svc-secondary-reach-${k}-hc`));
    expect(calc.input("type")).toBe("CALCULATED");
    expect(calc.input("childHealthchecks")).toEqual(children.map((c) => c.id));
    expect(calc.input("childHealthThreshold")).toBe(1);
    for (const [k, vpnId] of [["a", "vpn-0aaaa000000000000"], ["b", "vpn-0bbbb000000000000"]] as const) {
      const alarm = mocks.created(T.awsMetricAlarm, `svc-secondary-reach-${k}-alarm`);
      expect(mocks.created(T.awsRoute53HealthCheck, `svc-secondary-reach-${k}-hc`).input("cloudwatchAlarmName")).toBe(alarm.output("name"));
      expect([alarm.input("namespace"), alarm.input("metricName"), alarm.input("dimensions"), alarm.input("statistic"), alarm.input("comparisonOperator"), alarm.input("threshold")]).toEqual([
        "AWS/VPN",
        "TunnelState",
        { VpnId: vpnId },
        "Maximum",
        "LessThanOrEqualToThreshold",
        0,
      ]);
    }
    // Both records share the name and type: one failover pair.
    expect(mocks.all(T.awsRoute53Record).map((r) => [r.input("name"), r.input("type")])).toEqual([
      ["payments-api.prod.aws.example.internal", "A"],
      ["payments-api.prod.aws.example.internal", "A"],
    ]);
  });

  it("ANDs the standby's own alarm with every path alarm (threshold = all children), naming existing alarms as given", async () => {
    const c = new CrossCloudFailover("svc", {
      ...privateArgs,
      secondary: {
        target: "10.16.1.10",
        alarm: { alarmName: "payments-azure-canary", periodSeconds: 60, evaluationPeriods: 2 },
        reachability: { alarms: { a: { alarmName: "prod-vpn-a-all-tunnels-down" }, b: { alarmName: "prod-vpn-b-all-tunnels-down" } } },
      },
    });
    await mocks.settled();
    const own = mocks.created(T.awsRoute53HealthCheck, "svc-secondary-hc");
    const calc = mocks.created(T.awsRoute53HealthCheck, "svc-secondary-calculated-hc");
    const reach = ["a", "b"].map((k) => mocks.created(T.awsRoute53HealthCheck, `svc-secondary-reach-${k}-hc`));
    expect(calc.input("childHealthchecks")).toEqual([own.id, ...reach.map((r) => r.id)]);
    expect(calc.input("childHealthThreshold")).toBe(3);
    expect(own.input("cloudwatchAlarmName")).toBe("payments-azure-canary");
    expect(reach.map((r) => r.input("cloudwatchAlarmName"))).toEqual(["prod-vpn-a-all-tunnels-down", "prod-vpn-b-all-tunnels-down"]);
    // Only the primary's alarm is created; given alarms are referenced, never copied.
    expect(mocks.all(T.awsMetricAlarm).map((a) => a.name)).toEqual(["svc-primary-alarm"]);
    expect(await mocks.valueOf(c.alarmNames["secondary-reach-a"] as never)).toBe("prod-vpn-a-all-tunnels-down");
  });

  it("registers its children under the component and reports the worst-case recovery (alarm window + TTL)", async () => {
    const c = new CrossCloudFailover("svc", privateArgs);
    await mocks.settled();
    const component = mocks.created(TYPE.CrossCloudFailover, "svc");
    expect(mocks.childrenOf(component).map((r) => r.name).sort()).toEqual(
      [
        "svc-primary",
        "svc-primary-alarm",
        "svc-primary-hc",
        "svc-secondary",
        "svc-secondary-calculated-hc",
        "svc-secondary-reach-a-alarm",
        "svc-secondary-reach-a-hc",
        "svc-secondary-reach-b-alarm",
        "svc-secondary-reach-b-hc",
      ].sort(),
    );
    expect(c.recovery).toMatchObject({ detectionSeconds: 60, ttlSeconds: 30, totalSeconds: 90 });
    expect(component.outputs["recovery"]).toMatchObject({ totalSeconds: 90 });
    expect(await mocks.valueOf(c.primaryHealthCheckId as never)).toBe(mocks.created(T.awsRoute53HealthCheck, "svc-primary-hc").id);
  });
});

describe("CrossCloudFailover: public endpoints", () => {
  it("probes an address over HTTPS with SNI, and a DNS name by its own name; weighted mode gives each record its weight", async () => {
    new CrossCloudFailover("web", {
      service: "www",
      zoneId: ZONE,
      zoneName: "example.com",
      privateZone: false,
      mode: "weighted",
      primary: { target: "52.20.10.10", weight: 3, probe: { protocol: "HTTPS", hostName: "www.example.com", resourcePath: "/healthz", requestInterval: 10, failureThreshold: 2 } },
      secondary: { target: "20.40.10.10", weight: 1, probe: { protocol: "TCP", port: 443 } },
    });
    await mocks.settled();
    const p = mocks.created(T.awsRoute53HealthCheck, "web-primary-hc");
    expect([p.input("type"), p.input("ipAddress"), p.input("fqdn"), p.input("port"), p.input("resourcePath"), p.input("enableSni"), p.input("requestInterval"), p.input("failureThreshold")]).toEqual([
      "HTTPS",
      "52.20.10.10",
      "www.example.com",
      443,
      "/healthz",
      true,
      10,
      2,
    ]);
    const s = mocks.created(T.awsRoute53HealthCheck, "web-secondary-hc");
    expect([s.input("type"), s.input("port"), s.input("resourcePath")]).toEqual(["TCP", 443, undefined]);
    const records = ["primary", "secondary"].map((r) => mocks.created(T.awsRoute53Record, `web-${r}`));
    expect(records.map((r) => [r.input("weightedRoutingPolicies"), r.input("failoverRoutingPolicies"), r.input("healthCheckId")])).toEqual([
      [[{ weight: 3 }], undefined, p.id],
      [[{ weight: 1 }], undefined, s.id],
    ]);
    expect(mocks.all(T.awsMetricAlarm)).toEqual([]);
  });

  it("makes CNAME records for DNS-name targets, and string matching makes an HTTP_STR_MATCH check", async () => {
    new CrossCloudFailover("web", {
      service: "api",
      zoneId: ZONE,
      zoneName: "example.com",
      privateZone: false,
      primary: { target: "api-alb-123.us-east-1.elb.amazonaws.com", probe: { protocol: "HTTP", searchString: "ok" } },
      secondary: { target: "api-appgw.eastus.cloudapp.azure.com" },
    });
    await mocks.settled();
    const p = mocks.created(T.awsRoute53HealthCheck, "web-primary-hc");
    expect([p.input("type"), p.input("fqdn"), p.input("ipAddress"), p.input("port")]).toEqual(["HTTP_STR_MATCH", "api-alb-123.us-east-1.elb.amazonaws.com", undefined, 80]);
    expect(mocks.all(T.awsRoute53Record).map((r) => r.input("type"))).toEqual(["CNAME", "CNAME"]);
    // A secondary without a health source carries no check: Route 53 then always counts it healthy.
    expect(mocks.created(T.awsRoute53Record, "web-secondary").input("healthCheckId")).toBeUndefined();
  });
});

describe("CrossCloudFailover: validation", () => {
  it("reports every problem at once, naming field, value and rule, and registers nothing", async () => {
    const e = planError({
      ...privateArgs,
      ttl: -5,
      primary: { target: "10.1.16.10", probe: { protocol: "HTTP", requestInterval: 20, failureThreshold: 11 } },
      secondary: {
        target: "100.64.3.4",
        weight: 2,
        alarm: { metric: { ...NLB, periodSeconds: 30 } },
        reachability: { alarms: { a: { alarmName: "x" }, b: { alarmName: "y" } }, minHealthy: 1 },
      },
    });
    const codes = e.issues.map((i) => `${i.path} ${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "svc.ttl TTL_RANGE",
        "svc.primary.probe PRIVATE_IP_PROBED",
        "svc.primary.probe.requestInterval HEALTH_CHECK_INVALID",
        "svc.primary.probe.failureThreshold HEALTH_CHECK_INVALID",
        "svc.secondary.alarm.metric.periodSeconds ALARM_INVALID",
        "svc.secondary.reachability.minHealthy HEALTH_CHECK_INVALID",
        "svc.secondary.weight OPTION_CONFLICT",
      ]),
    );
    expect(e.message).toContain("10.1.16.10 is in 10.0.0.0/8, private (RFC 1918): Route 53 health checkers run outside the VPC and cannot probe it");
    expect(e.message).toContain("20 s is not a Route 53 request interval; use 10 or 30 s");
    expect(e.message).toContain("11 is outside 1–10");
    expect(e.message).toContain("-5 is not a DNS TTL");
    await mocks.settled();
    expect(mocks.all()).toEqual([]);
  });

  it("refuses link-local and shared-space probes, a private IP in a public zone, and a primary with no health source", () => {
    const e = planError({
      service: "svc",
      zoneId: ZONE,
      zoneName: "example.com",
      privateZone: false,
      primary: { target: "169.254.10.10" },
      secondary: { target: "100.64.0.1", probe: { protocol: "TCP", port: 80 } },
    });
    const codes = e.issues.map((i) => `${i.path} ${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "svc.primary VALUE_REQUIRED",
        "svc.primary.target FAILOVER_TARGET_INVALID",
        "svc.secondary.probe PRIVATE_IP_PROBED",
        "svc.secondary.target FAILOVER_TARGET_INVALID",
      ]),
    );
    expect(e.message).toContain("100.64.0.1 is in 100.64.0.0/10, shared address space (RFC 6598)");
  });

  it("needs the alarms' region, and one record type for the pair", () => {
    const e = planError({ ...privateArgs, alarmRegion: undefined, secondary: { target: "standby.example.internal" } } as unknown as CrossCloudFailoverArgs);
    expect(e.issues.map((i) => `${i.path} ${i.code}`)).toEqual(["svc.secondary.target FAILOVER_TARGET_INVALID", "svc.alarmRegion VALUE_REQUIRED"]);
    expect(planError({ ...privateArgs, ttl: 1.5 }).issues.map((i) => i.code)).toEqual(["TTL_RANGE"]);
  });
});
