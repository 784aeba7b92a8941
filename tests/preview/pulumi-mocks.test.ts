// The helper must be imported before any resource package so the monitor is in place first.
import { mocks, SecretValue, TEST_PROJECT, TEST_STACK } from "../helpers/pulumi-mocks";
import * as aws from "@pulumi/aws";
import * as azure from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** A miniature cross-cloud link: enough real resources to exercise parents, wiring and secrets. */
interface MiniLinkArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly transitGatewayId: pulumi.Input<string>;
}

class MiniLink extends pulumi.ComponentResource {
  readonly customerGatewayId: pulumi.Output<string>;
  readonly tunnel1Address: pulumi.Output<string>;
  readonly psk: pulumi.Output<string>;

  constructor(name: string, args: MiniLinkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("crosscloud:index:MiniLink", name, {}, opts);
    const pip = new azure.network.PublicIPAddress(
      `${name}-pip`,
      { resourceGroupName: args.resourceGroupName, sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
      { parent: this },
    );
    const cgw = new aws.ec2.CustomerGateway(`${name}-cgw`, { type: "ipsec.1", bgpAsn: "65515", ipAddress: pip.ipAddress }, { parent: this });
    const psk = new random.RandomPassword(`${name}-psk`, { length: 32, special: false }, { parent: this });
    const vpn = new aws.ec2.VpnConnection(
      `${name}-vpn`,
      {
        customerGatewayId: cgw.id,
        transitGatewayId: args.transitGatewayId,
        type: "ipsec.1",
        tunnel1InsideCidr: "169.254.21.0/30",
        tunnel2InsideCidr: "169.254.22.0/30",
        tunnel1PresharedKey: psk.result,
      },
      { parent: this },
    );
    new azure.network.LocalNetworkGateway(
      `${name}-t1-lng`,
      {
        resourceGroupName: args.resourceGroupName,
        gatewayIpAddress: vpn.tunnel1Address,
        bgpSettings: { asn: vpn.tunnel1BgpAsn.apply(Number), bgpPeeringAddress: vpn.tunnel1VgwInsideAddress },
      },
      { parent: this },
    );
    this.customerGatewayId = cgw.id;
    this.tunnel1Address = vpn.tunnel1Address;
    this.psk = psk.result;
    this.registerOutputs({ customerGatewayId: cgw.id, tunnel1Address: vpn.tunnel1Address, psk: psk.result });
  }
}

function buildLink(): MiniLink {
  const rg = new azure.resources.ResourceGroup("rg", { resourceGroupName: "rg-net", location: "westeurope" });
  const tgw = new aws.ec2transitgateway.TransitGateway("tgw", { amazonSideAsn: 64600 });
  return new MiniLink("link", { resourceGroupName: rg.name, transitGatewayId: tgw.id });
}

afterEach(() => mocks.reset());

describe("tests/helpers/pulumi-mocks", () => {
  it("records every registration with its parent: children under the component, top level without a stack", async () => {
    buildLink();
    await mocks.settled();

    const link = mocks.created("crosscloud:index:MiniLink", "link");
    expect(link.urn).toBe(`urn:pulumi:${TEST_STACK}::${TEST_PROJECT}::crosscloud:index:MiniLink::link`);
    expect(link.parent).toBeUndefined();
    expect(link.custom).toBe(false);
    // Registration order follows input resolution (the PIP waits for the resource group's name).
    expect(mocks.childrenOf(link).map((c) => `${c.type} ${c.name}`).sort()).toEqual([
      "aws:ec2/customerGateway:CustomerGateway link-cgw",
      "aws:ec2/vpnConnection:VpnConnection link-vpn",
      "azure-native:network:LocalNetworkGateway link-t1-lng",
      "azure-native:network:PublicIPAddress link-pip",
      "random:index/randomPassword:RandomPassword link-psk",
    ]);
    expect(mocks.created("aws:ec2/customerGateway:CustomerGateway", "link-cgw").urn).toBe(
      `urn:pulumi:${TEST_STACK}::${TEST_PROJECT}::crosscloud:index:MiniLink$aws:ec2/customerGateway:CustomerGateway::link-cgw`,
    );
    expect(mocks.created("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw").parent).toBeUndefined();
  });

  it("records which resource's output fed which input, and the simulated values that flowed", async () => {
    buildLink();
    await mocks.settled();

    const rg = mocks.created("azure-native:resources:ResourceGroup", "rg");
    const pip = mocks.created("azure-native:network:PublicIPAddress", "link-pip");
    const cgw = mocks.created("aws:ec2/customerGateway:CustomerGateway", "link-cgw");
    const tgw = mocks.created("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw");
    const psk = mocks.created("random:index/randomPassword:RandomPassword", "link-psk");
    const vpn = mocks.created("aws:ec2/vpnConnection:VpnConnection", "link-vpn");
    const lng = mocks.created("azure-native:network:LocalNetworkGateway", "link-t1-lng");

    expect(pip.propertyDependencies["resourceGroupName"]).toEqual([rg.urn]);
    expect(cgw.propertyDependencies["ipAddress"]).toEqual([pip.urn]);
    expect(cgw.dependencies).toEqual([pip.urn]);
    expect([...vpn.dependencies].sort()).toEqual([cgw.urn, tgw.urn, psk.urn].sort());
    expect(vpn.propertyDependencies["tunnel1PresharedKey"]).toEqual([psk.urn]);
    expect(lng.propertyDependencies["gatewayIpAddress"]).toEqual([vpn.urn]);

    expect(pip.id).toBe("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/publicIPAddresses/" + String(pip.output("name")));
    expect(pip.output("ipAddress")).toMatch(/^203\.0\.113\.\d{1,3}$/);
    expect(cgw.input("ipAddress")).toBe(pip.output("ipAddress"));
    expect(vpn.input("customerGatewayId")).toBe(cgw.id);
    expect(cgw.id).toMatch(/^cgw-0[0-9a-f]{16}$/);
    expect(lng.input("gatewayIpAddress")).toBe(vpn.output("tunnel1Address"));
    expect(vpn.output("tunnel1Address")).toMatch(/^198\.51\.100\.\d{1,3}$/);
    // AWS takes the first address of the /30; the LNG peers with it. The BGP ASN AWS reports is the TGW's.
    expect(lng.input("bgpSettings.bgpPeeringAddress")).toBe("169.254.21.1");
    expect(lng.input("bgpSettings.asn")).toBe(64600);
  });

  it("keeps secrets secret: recorded as SecretValue, printed as [secret], readable only through reveal()", async () => {
    const link = buildLink();
    await mocks.settled();

    const psk = mocks.created("random:index/randomPassword:RandomPassword", "link-psk");
    const vpn = mocks.created("aws:ec2/vpnConnection:VpnConnection", "link-vpn");
    const plaintext = mocks.reveal(psk.output("result"));
    expect(plaintext).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(mocks.reveal(vpn.input("tunnel1PresharedKey"))).toBe(plaintext);
    // The engine marks additionalSecretOutputs secret; AWS generated tunnel 2's key itself.
    expect(mocks.isSecret(vpn.output("tunnel2PresharedKey"))).toBe(true);
    expect(JSON.stringify(vpn.inputs)).toContain('"tunnel1PresharedKey":"[secret]"');
    expect(JSON.stringify([vpn.inputs, vpn.outputs, psk.outputs])).not.toContain(String(plaintext));
    expect(() => mocks.reveal(vpn.input("type"))).toThrow('expected a secret, got "ipsec.1"');

    const component = mocks.created("crosscloud:index:MiniLink", "link");
    expect(component.output("psk")).toBeInstanceOf(SecretValue);
    expect(component.output("tunnel1Address")).toBe(vpn.output("tunnel1Address"));

    const out = await mocks.outputOf(link.psk);
    expect(out).toEqual({ value: plaintext, isKnown: true, isSecret: true, dependencies: [psk.urn] });
    const cgwId = await mocks.outputOf(link.customerGatewayId);
    expect(cgwId.isSecret).toBe(false);
    expect(cgwId.value).toBe(mocks.created("aws:ec2/customerGateway:CustomerGateway", "link-cgw").id);
  });

  it("explains a missing resource by listing the names registered for that type", async () => {
    buildLink();
    await mocks.settled();
    expect(() => mocks.created("aws:ec2/customerGateway:CustomerGateway", "link-cgw0")).toThrow(
      new Error(
        [
          "no resource aws:ec2/customerGateway:CustomerGateway named 'link-cgw0' was registered (8 registrations in all).",
          "  Registered aws:ec2/customerGateway:CustomerGateway names:\n    link-cgw",
        ].join("\n"),
      ),
    );
  });

  it("forgets everything on reset, so the next test can reuse names", async () => {
    buildLink();
    await mocks.settled();
    expect(mocks.all()).toHaveLength(8);
    await mocks.reset();
    expect(mocks.all()).toEqual([]);
    buildLink();
    await mocks.settled();
    expect(mocks.all("azure-native:network:PublicIPAddress").map((r) => r.name)).toEqual(["link-pip"]);
  });

  it("rejects a duplicate URN, as the engine does", async () => {
    new aws.ec2.Vpc("dup", { cidrBlock: "10.0.0.0/16" });
    new aws.ec2.Vpc("dup", { cidrBlock: "10.1.0.0/16" });
    await expect(mocks.settled()).rejects.toThrow(
      "register urn:pulumi:test::crosscloud::aws:ec2/vpc:Vpc::dup: Duplicate resource URN 'urn:pulumi:test::crosscloud::aws:ec2/vpc:Vpc::dup'; try giving it a unique name",
    );
  });

  it("fails an invoke it cannot simulate instead of returning an empty result", async () => {
    await expect(aws.ec2.getVpc({ id: "vpc-123" })).rejects.toThrow(
      "the offline preview has no simulation for invoke 'aws:ec2/getVpc:getVpc'",
    );
    expect(mocks.invokes("aws:ec2/getVpc:getVpc").map((i) => i.error)).toEqual([
      "the offline preview has no simulation for invoke 'aws:ec2/getVpc:getVpc'. Add one to preview/simulate-*.ts, or pass the value in as config instead of looking it up",
    ]);
  });

  it("answers the invokes it knows with the simulated account and region", async () => {
    mocks.setConfig({ "aws:region": "ap-southeast-2" });
    const zones = await aws.getAvailabilityZones({});
    const caller = await aws.getCallerIdentity({});
    expect(zones.names).toEqual(["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"]);
    expect(zones.zoneIds).toEqual(["apse2-az1", "apse2-az2", "apse2-az3"]);
    expect(caller.accountId).toBe("123456789012");
    mocks.setConfig({});
  });

  it("echoes a resource type it has no simulator for, with a name-derived id", async () => {
    const log = new aws.cloudwatch.LogGroup("flow-logs", { retentionInDays: 7 });
    await mocks.settled();
    const recorded = mocks.created("aws:cloudwatch/logGroup:LogGroup", "flow-logs");
    expect(recorded.id).toBe("flow-logs-id");
    expect(recorded.outputs).toEqual({ retentionInDays: 7 });
    expect(await mocks.valueOf(log.retentionInDays)).toBe(7);
    expect(mocks.cloud.unsimulatedTypes).toEqual(["aws:cloudwatch/logGroup:LogGroup"]);
  });

  it("passes explicit providers through: components record `providers`, children inherit the provider ref", async () => {
    const euw = new aws.Provider("euw", { region: "eu-west-1" });
    const parent = new MiniLink("p", { resourceGroupName: "rg-x", transitGatewayId: "tgw-0123456789abcdef0" }, { providers: [euw] });
    await mocks.settled();
    const provider = mocks.created("pulumi:providers:aws", "euw");
    const ref = `${provider.urn}::${String(provider.id)}`;
    expect(mocks.created("crosscloud:index:MiniLink", "p").providers).toEqual({ aws: ref });
    const cgw = mocks.created("aws:ec2/customerGateway:CustomerGateway", "p-cgw");
    expect(cgw.provider).toBe(ref);
    // The simulated ARN uses the provider's region.
    expect(cgw.output("arn")).toBe(`arn:aws:ec2:eu-west-1:123456789012:customer-gateway/${String(cgw.id)}`);
    expect(parent).toBeInstanceOf(MiniLink);
  });
});
