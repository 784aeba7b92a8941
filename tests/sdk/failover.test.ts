import fc from "fast-check";
import {
  AlarmState,
  FailoverSpec,
  alarmCheckHealthy,
  calculatedHealthy,
  checkFailover,
  endpointHealthPlan,
  failoverAnswer,
  failoverRecordName,
  longToIp,
  probeHealthCheckType,
  unprobeableRange,
  weightedCandidates,
  worstCaseRecovery,
} from "../../sdk";

const spec = (over: Partial<FailoverSpec> = {}): FailoverSpec => ({
  service: "payments-api",
  zoneName: "prod.aws.example.internal.",
  privateZone: true,
  alarmRegion: "us-east-1",
  ttl: 30,
  primary: { target: "10.1.16.10", alarm: { alarmName: "payments-nlb-unhealthy", periodSeconds: 60, evaluationPeriods: 1 } },
  secondary: { target: "10.17.1.10", reachability: { alarms: { a: { alarmName: "vpn-a-down" }, b: { alarmName: "vpn-b-down" } }, minHealthy: 1 } },
  ...over,
});

describe("ranges Route 53 health checkers cannot probe (RFC 5735, RFC 6598)", () => {
  it.each([
    ["10.0.0.1", "10.0.0.0/8, private (RFC 1918)"],
    ["172.31.255.255", "172.16.0.0/12, private (RFC 1918)"],
    ["192.168.7.7", "192.168.0.0/16, private (RFC 1918)"],
    ["100.64.0.0", "100.64.0.0/10, shared address space (RFC 6598)"],
    ["100.127.255.255", "100.64.0.0/10, shared address space (RFC 6598)"],
    ["169.254.21.1", "169.254.0.0/16, link-local (RFC 3927)"],
    ["127.0.0.1", "127.0.0.0/8, loopback (RFC 5735)"],
    ["198.51.100.7", "198.51.100.0/24, documentation, TEST-NET-2 (RFC 5737)"],
    ["224.0.0.5", "224.0.0.0/4, multicast (RFC 5735)"],
  ])("%s is in %s", (ip, range) => expect(unprobeableRange(ip)).toBe(range));

  it.each(["172.32.0.0", "100.128.0.0", "100.63.255.255", "11.0.0.1", "52.20.10.10", "20.40.10.10", "8.8.8.8"])("%s can be probed", (ip) => expect(unprobeableRange(ip)).toBeUndefined());

  it("flags every RFC 1918 address and none of 1.0.0.0–9.255.255.255", () => {
    const inBlock = (first: number, size: number) => fc.integer({ min: first, max: first + size - 1 }).map(longToIp);
    fc.assert(fc.property(fc.oneof(inBlock(0x0a000000, 2 ** 24), inBlock(0xac100000, 2 ** 20), inBlock(0xc0a80000, 2 ** 16)), (ip) => unprobeableRange(ip) !== undefined));
    fc.assert(fc.property(inBlock(0x01000000, 9 * 2 ** 24), (ip) => unprobeableRange(ip) === undefined));
  });
});

describe("which record Route 53 answers with (DG: how Route 53 chooses records when health checking is configured)", () => {
  const r = (id: string, healthy: boolean | undefined, weight?: number) => ({ id, healthy, ...(weight !== undefined ? { weight } : {}) });
  it.each([
    [true, true, "p"],
    [true, false, "p"],
    [false, true, "s"],
    [false, false, "p"], // both unhealthy: the primary
    [false, undefined, "s"], // a secondary without a check always counts as healthy
    [undefined, false, "p"],
  ])("primary %s, secondary %s → %s", (p, s, want) => expect(failoverAnswer(r("p", p), r("s", s))).toBe(want));

  it("never answers with the secondary while the primary is healthy, and always does when only the primary is unhealthy", () => {
    const health = fc.option(fc.boolean(), { nil: undefined });
    fc.assert(
      fc.property(health, health, (p, s) => {
        const answer = failoverAnswer(r("p", p), r("s", s));
        return answer === ((p ?? true) === false && (s ?? true) ? "s" : "p");
      }),
    );
  });

  it("weighted: healthy nonzero weights first, zero weights when those are all unhealthy, everything when nothing is healthy", () => {
    expect(weightedCandidates([r("a", true, 3), r("b", false, 1), r("z", true, 0)])).toEqual(["a"]);
    expect(weightedCandidates([r("a", false, 3), r("b", false, 1), r("z", true, 0)])).toEqual(["z"]);
    expect(weightedCandidates([r("a", false, 3), r("z", false, 0)])).toEqual(["a"]);
    fc.assert(
      fc.property(fc.array(fc.record({ healthy: fc.option(fc.boolean(), { nil: undefined }), weight: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }), (rs) => {
        const records = rs.map((x, i) => r(`r${i}`, x.healthy, x.weight));
        const out = weightedCandidates(records).map((id) => records.find((x) => x.id === id) as (typeof records)[number]);
        const anyHealthy = records.some((x) => x.healthy ?? true);
        return out.length > 0 && (!anyHealthy || out.every((x) => x.healthy ?? true));
      }),
    );
  });

  it("alarm-based and calculated checks", () => {
    expect([AlarmState.Ok, AlarmState.Alarm].map((s) => alarmCheckHealthy(s, "Unhealthy", undefined))).toEqual([true, false]);
    expect(alarmCheckHealthy(AlarmState.InsufficientData, "Unhealthy", true)).toBe(false);
    expect(alarmCheckHealthy(AlarmState.InsufficientData, "Healthy", false)).toBe(true);
    expect(alarmCheckHealthy(AlarmState.InsufficientData, "LastKnownStatus", false)).toBe(false);
    expect(alarmCheckHealthy(AlarmState.InsufficientData, "LastKnownStatus", undefined)).toBe(true); // a new check is healthy
    expect(calculatedHealthy([false, true], 1)).toBe(true);
    expect(calculatedHealthy([false, true], 2)).toBe(false);
    expect(calculatedHealthy([false, false], 0)).toBe(true);
  });
});

describe("worst-case recovery = detection + TTL", () => {
  it("a probe: request interval × failure threshold", () => {
    const e = worstCaseRecovery(spec({ privateZone: false, ttl: 60, primary: { target: "52.20.10.10", probe: { protocol: "HTTPS", requestInterval: 10, failureThreshold: 3 } } }));
    expect([e.detectionSeconds, e.ttlSeconds, e.totalSeconds]).toEqual([30, 60, 90]);
    expect(e.basis).toContain("HTTPS probe every 10 s, unhealthy after 3 consecutive failures");
  });

  it("an alarm: period × evaluation periods; an existing alarm without its window is assumed 60 s × 1 and says so", () => {
    expect(worstCaseRecovery(spec({ primary: { target: "10.1.16.10", alarm: { alarmName: "x", periodSeconds: 120, evaluationPeriods: 3 } } })).totalSeconds).toBe(390);
    const assumed = worstCaseRecovery(spec({ primary: { target: "10.1.16.10", alarm: { alarmName: "x" } } }));
    expect(assumed.totalSeconds).toBe(90);
    expect(assumed.basis).toContain("assumed");
    expect(assumed.excludes).toContain("UNCONFIRMED");
  });

  it("grows with the TTL and the detection window, one for one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86400 }), fc.integer({ min: 1, max: 10 }), fc.constantFrom(10, 30), (ttl, threshold, interval) => {
        const e = worstCaseRecovery(spec({ ttl, privateZone: false, primary: { target: "52.20.10.10", probe: { protocol: "TCP", port: 443, failureThreshold: threshold, requestInterval: interval } } }));
        return e.totalSeconds === ttl + threshold * interval && e.detectionSeconds === threshold * interval;
      }),
    );
  });
});

describe("checkFailover", () => {
  it("accepts the private sample and plans its checks", () => {
    expect(checkFailover("svc", spec())).toEqual([]);
    expect(failoverRecordName(spec())).toBe("payments-api.prod.aws.example.internal");
    expect(endpointHealthPlan(spec().secondary)).toEqual({ own: "none", reachabilityKeys: ["a", "b"], calculated: { childHealthThreshold: 1 }, checked: true });
    expect(endpointHealthPlan(spec().primary)).toEqual({ own: "alarm", reachabilityKeys: [], calculated: undefined, checked: true });
  });

  it("reports every problem at once", () => {
    const issues = checkFailover(
      "svc",
      spec({
        service: "Payments_API",
        ttl: 2 ** 31,
        mode: "weighted",
        alarmRegion: "US East",
        primary: { target: "10.1.16.10", weight: 300, probe: { protocol: "TCP", requestInterval: 5, failureThreshold: 0, resourcePath: "/x", regions: ["us-east-1", "mars-1"] } },
        secondary: { target: "10.1.16.10", alarm: { metric: { namespace: "", metricName: "m", dimensionNames: [], statistic: "p99" as never, comparisonOperator: "LessThanThreshold", threshold: 1, periodSeconds: 90, evaluationPeriods: 2, datapointsToAlarm: 3 } } },
      }),
    );
    expect(issues.map((i) => `${i.path} ${i.code}`)).toEqual([
      "svc.service DNS_NAME_INVALID",
      "svc.ttl TTL_RANGE",
      "svc.primary.probe PRIVATE_IP_PROBED",
      "svc.primary.probe.requestInterval HEALTH_CHECK_INVALID",
      "svc.primary.probe.failureThreshold HEALTH_CHECK_INVALID",
      "svc.primary.probe.port VALUE_REQUIRED",
      "svc.primary.probe.resourcePath OPTION_CONFLICT",
      "svc.primary.probe.regions HEALTH_CHECK_INVALID",
      "svc.primary.probe.regions HEALTH_CHECK_INVALID",
      "svc.primary.weight WEIGHT_INVALID",
      "svc.secondary.alarm.metric.periodSeconds ALARM_INVALID",
      "svc.secondary.alarm.metric.namespace VALUE_REQUIRED",
      "svc.secondary.alarm.metric.statistic ALARM_INVALID",
      "svc.secondary.alarm.metric.datapointsToAlarm ALARM_INVALID",
      "svc.secondary.target FAILOVER_TARGET_INVALID",
      "svc.alarmRegion ALARM_INVALID",
    ]);
  });

  it("refuses 'k of n paths' together with the endpoint's own health: Route 53 cannot nest calculated checks", () => {
    const issues = checkFailover("svc", spec({ secondary: { ...spec().secondary, alarm: { alarmName: "canary" } } }));
    expect(issues.map((i) => i.code)).toEqual(["HEALTH_CHECK_INVALID"]);
    expect(issues[0]?.message).toContain("Route 53 cannot make a calculated check monitor another");
  });

  it("maps probes to health check types", () => {
    expect(["HTTP", "HTTPS", "TCP"].map((protocol) => probeHealthCheckType({ protocol } as never))).toEqual(["HTTP", "HTTPS", "TCP"]);
    expect(probeHealthCheckType({ protocol: "HTTPS", searchString: "ok" })).toBe("HTTPS_STR_MATCH");
  });
});
