import fc from "fast-check";
import { AWS_VPC_RESOLVER_OFFSET, AZURE_DNS_VIRTUAL_IP, awsVpcResolverIp, cidr, firstAssignableIp, ipToLong, longToIp } from "../../sdk";

describe("the clouds' own resolvers (sdk/dns-resolution.ts)", () => {
  it("puts the Amazon DNS server at the VPC's base plus two", () => {
    expect(awsVpcResolverIp("10.1.32.0/20")).toBe("10.1.32.2");
    expect(awsVpcResolverIp("172.31.0.0/16")).toBe("172.31.0.2");
    expect(AZURE_DNS_VIRTUAL_IP).toBe("168.63.129.16");
  });

  it("law: the VPC resolver is inside the VPC, two above its base, for every VPC size AWS allows (/16–/28)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 28 }), fc.integer({ min: 0, max: 0xffffffff }), (len, addr) => {
        const size = 2 ** (32 - len);
        const base = longToIp(Math.floor(addr / size) * size);
        const block = cidr(`${base}/${len}`);
        const ip = ipToLong(awsVpcResolverIp(block.text));
        return ip - block.first === AWS_VPC_RESOLVER_OFFSET && ip <= block.last;
      }),
    );
  });

  it("skips the four addresses both clouds reserve at the start of a subnet", () => {
    expect(firstAssignableIp("10.17.0.48/28")).toBe("10.17.0.52");
    expect(firstAssignableIp("10.17.1.0/24")).toBe("10.17.1.4");
  });
});
