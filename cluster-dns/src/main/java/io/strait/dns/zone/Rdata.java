package io.strait.dns.zone;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** The data of one record, in the presentation form of RFC 1035 section 5.1 by {@link #toString()}. */
public sealed interface Rdata {
    RrType type();

    /** A or AAAA, by the address family. */
    record Address(InetAddress address) implements Rdata {
        public RrType type() {
            return address instanceof Inet4Address ? RrType.A : RrType.AAAA;
        }

        @Override
        public String toString() {
            return address instanceof Inet6Address ? Names.ipv6Text(address) : address.getHostAddress();
        }
    }

    /** RFC 2782. */
    record Srv(int priority, int weight, int port, String target) implements Rdata {
        public RrType type() {
            return RrType.SRV;
        }

        @Override
        public String toString() {
            return priority + " " + weight + " " + port + " " + target + ".";
        }
    }

    record Ptr(String target) implements Rdata {
        public RrType type() {
            return RrType.PTR;
        }

        @Override
        public String toString() {
            return target + ".";
        }
    }

    record Cname(String target) implements Rdata {
        public RrType type() {
            return RrType.CNAME;
        }

        @Override
        public String toString() {
            return target + ".";
        }
    }

    /** One character-string (at most 255 bytes, checked by the builder). */
    record Txt(String text) implements Rdata {
        public RrType type() {
            return RrType.TXT;
        }

        @Override
        public String toString() {
            return "\"" + text + "\"";
        }
    }

    record Soa(String mname, String rname, long serial, int refresh, int retry, int expire, long minimum)
            implements Rdata {
        public RrType type() {
            return RrType.SOA;
        }

        @Override
        public String toString() {
            return mname + ". " + rname + ". " + serial + " " + refresh + " " + retry + " " + expire + " " + minimum;
        }
    }
}
