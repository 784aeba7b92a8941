import * as pulumi from "@pulumi/pulumi";
import { ExpressRouteInterconnect, SiteToSiteVpn } from "../components";
import { ALARM_NAMES_OUTPUT, AlarmNames, DAY_TWO_OUTPUT, DAY_TWO_VERSION, DayTwoManifest, DayTwoTunnel } from "../sdk";
import { StackBase } from "./common";

/**
 * The stack outputs `crosscloud verify` reads after `pulumi up` (contract: sdk/day-two.ts):
 * - `dayTwo`: where the live resources are and what they must look like (planned prefixes, tunnels);
 * - `alarmNames`: every health alarm's name, by cloud, so users (and verify) can find them.
 */
export interface DayTwoParts {
  readonly vpn: SiteToSiteVpn;
  /** VPC route tables the VGW propagates into (dev). */
  readonly vpcRouteTableIds?: readonly pulumi.Input<string>[];
  /** The hub's `spokes` route table (prod). */
  readonly spokesRouteTableId?: pulumi.Input<string>;
  readonly interconnect?: ExpressRouteInterconnect;
}

export function dayTwoOutputs(base: StackBase, parts: DayTwoParts): Record<string, pulumi.Input<unknown>> {
  const { plan } = base;
  const { vpn, interconnect } = parts;
  const tunnels = vpn.tunnelTable.apply((rows) =>
    plan.vpn.tunnels.map((t): DayTwoTunnel => {
      const row = rows.find((r) => r.key === t.key);
      return {
        key: t.key,
        connection: t.connection,
        awsTunnel: t.awsTunnel,
        azureInstance: t.azureInstance,
        awsOutsideAddress: row?.awsOutsideAddress ?? "",
        awsInsideAddress: t.awsInsideAddress,
        azureInsideAddress: t.azureInsideAddress,
        azureConnectionId: row?.azureConnectionId ?? "",
      };
    }),
  );
  const str = (v: pulumi.Input<string> | undefined): pulumi.Output<string> => pulumi.output(v ?? "");
  const aws = pulumi
    .all([pulumi.output(vpn.vpnConnectionIds), str(vpn.awsVpnGatewayId), pulumi.all([...(parts.vpcRouteTableIds ?? [])]), str(parts.spokesRouteTableId), str(interconnect?.virtualInterfaceId)])
    .apply(([vpnConnectionIds, vpnGatewayId, vpcRouteTableIds, spokesRouteTableId, dxVif]) => ({
      region: plan.vpn.awsRegion,
      attachment: plan.vpn.attachment,
      vpnConnectionIds: vpnConnectionIds as Record<string, string>,
      ...(plan.vpn.attachment === "vgw" ? { vpnGatewayId, vpcRouteTableIds } : { spokesRouteTableId }),
      ...(interconnect ? { dxVirtualInterfaceId: dxVif } : {}),
    }));
  const azure = pulumi
    .all([vpn.azureGatewayId, base.resourceGroupName, str(interconnect?.circuitId), str(interconnect?.expressRouteGatewayId)])
    .apply(([vpnGatewayId, alertResourceGroupName, circuitId, gatewayId]) => ({
      vpnGatewayId,
      alertResourceGroupName,
      ...(interconnect && plan.interconnect ? { expressRoute: { circuitId, gatewayId, provisioned: plan.interconnect.expressRoute.providerProvisioned } } : {}),
    }));
  const manifest = pulumi.all([aws, azure, tunnels]).apply(
    ([a, z, t]): DayTwoManifest => ({
      version: DAY_TWO_VERSION,
      environment: plan.environment,
      aws: a,
      azure: z,
      prefixes: { aws: [...plan.vpn.awsPrefixes], azure: [...plan.vpn.azurePrefixes] },
      tunnels: t,
    }),
  );
  const alarmNames: AlarmNames = {
    aws: [...vpn.alarmNames.aws, ...(interconnect?.alarmNames.aws ?? [])],
    azure: [...vpn.alarmNames.azure, ...(interconnect?.alarmNames.azure ?? [])],
  };
  return { [DAY_TWO_OUTPUT]: manifest, [ALARM_NAMES_OUTPUT]: alarmNames };
}
