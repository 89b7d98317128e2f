import { BlockList, isIP } from 'node:net';

/** A parsed list of CIDR ranges (env `TRUSTED_PROXIES`, `ADMIN_NETWORKS`): "10.0.0.0/8, 192.168.1.5, fd00::/8". */
export class CidrList {
  private readonly list = new BlockList();
  readonly size: number;

  private constructor(readonly source: string[]) {
    for (const entry of source) {
      const [addr, bits] = entry.split('/');
      const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
      this.list.addSubnet(addr, bits === undefined ? (family === 'ipv6' ? 128 : 32) : Number(bits), family);
    }
    this.size = source.length;
  }

  /** Parses the list; returns the entries that are not valid CIDR notation in `errors`. */
  static parse(raw: string | undefined, name: string, errors: string[]): CidrList {
    const entries = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const good = entries.filter((e) => {
      const [addr, bits, extra] = e.split('/');
      const v = isIP(addr);
      const max = v === 6 ? 128 : 32;
      const ok = v !== 0 && extra === undefined && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max));
      if (!ok) errors.push(`${name}: "${e}" is not an IP address or CIDR range`);
      return ok;
    });
    return new CidrList(good);
  }

  contains(address: string | undefined | null): boolean {
    if (!address || this.size === 0) return false;
    const plain = normalizeAddress(address);
    const v = isIP(plain);
    if (v === 0) return false;
    return this.list.check(plain, v === 6 ? 'ipv6' : 'ipv4');
  }
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1". */
export function normalizeAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}
