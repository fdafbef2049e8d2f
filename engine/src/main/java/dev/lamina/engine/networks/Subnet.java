package dev.lamina.engine.networks;

import dev.lamina.engine.http.ApiException;

/** An IPv4 subnet (CIDR): its first address and prefix length; addresses as ints. */
public record Subnet(int base, int prefix) {
    public Subnet {
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix " + prefix);
        base &= mask(prefix);
    }

    /** "172.18.0.0/16"; a 400 with moby's words otherwise. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || !cidr.substring(slash + 1).matches("\\d{1,2}")) throw ApiException.badRequest("invalid CIDR address: " + cidr);
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        Integer ip = ipOrNull(cidr.substring(0, slash));
        if (ip == null || prefix > 32) throw ApiException.badRequest("invalid CIDR address: " + cidr);
        return new Subnet(ip, prefix);
    }

    /** A dotted IPv4 address, or null. */
    public static Integer ipOrNull(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) return null;
        int ip = 0;
        for (String x : p) {
            if (!x.matches("\\d{1,3}") || Integer.parseInt(x) > 255) return null;
            ip = ip << 8 | Integer.parseInt(x);
        }
        return ip;
    }

    public static String ip(int a) { return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255); }

    private static int mask(int prefix) { return prefix == 0 ? 0 : -1 << (32 - prefix); }

    public boolean contains(int a) { return (a & mask(prefix)) == base; }

    public boolean overlaps(Subnet o) { return contains(o.base) || o.contains(base); }

    /** The last address (broadcast), which no endpoint gets. */
    public int last() { return base | ~mask(prefix); }

    @Override
    public String toString() { return ip(base) + "/" + prefix; }
}
