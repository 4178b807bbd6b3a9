package dev.hagate.topology;

/** An IPv4 subnet such as {@code 10.77.0.0/24}. The first host address belongs to the lab's bridge. */
public record Subnet(int network, int prefix) {

    /** 0 to 255 without leading zeros. */
    private static final String OCTET = "(0|[1-9]\\d{0,2})";

    /** Loopback: the simulated BMCs listen there, and nothing routed may take it. */
    public static final Subnet LOOPBACK = new Subnet(127 << 24, 8);

    /** Parses {@code a.b.c.d/n}; returns null when it is not one. */
    public static Subnet parse(String cidr) {
        String[] parts = cidr == null ? new String[0] : cidr.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("[1-9]\\d?")) {
            return null;
        }
        Integer address = parseAddress(parts[0]);
        int prefix = Integer.parseInt(parts[1]);
        if (address == null || prefix < 8 || prefix > 30) {
            return null;
        }
        return new Subnet(address & mask(prefix), prefix);
    }

    /**
     * Parses a dotted IPv4 address written plainly; returns null when it is not one. Leading zeros are refused:
     * {@code 10.77.0.011} is 10.77.0.11 to some parsers and 10.77.0.9 (octal) to others, and written so it
     * would slip past a check for two nodes with one address.
     */
    public static Integer parseAddress(String text) {
        if (text == null || !text.matches(OCTET + "(\\." + OCTET + "){3}")) {
            return null;
        }
        int value = 0;
        for (String octet : text.split("\\.")) {
            int o = Integer.parseInt(octet);
            if (o > 255) {
                return null;
            }
            value = value << 8 | o;
        }
        return value;
    }

    /** The network of {@code address} with {@code prefix} bits, such as a host interface's. */
    public static Subnet of(int address, int prefix) {
        return new Subnet(address & mask(prefix), prefix);
    }

    /** Whether the two share any address: one holds the other. */
    public boolean overlaps(Subnet other) {
        int shorter = mask(Math.min(prefix, other.prefix));
        return (network & shorter) == (other.network & shorter);
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    /** Whether {@code address} is a usable host address of this subnet (not the network or broadcast address). */
    public boolean hasHost(String address) {
        Integer a = parseAddress(address);
        return a != null && (a & mask(prefix)) == network && a != network && a != broadcast();
    }

    /** The bridge's address, which the runner uses to reach the nodes. */
    public String bridgeAddress() {
        return format(network + 1);
    }

    public int broadcast() {
        return network | ~mask(prefix);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
