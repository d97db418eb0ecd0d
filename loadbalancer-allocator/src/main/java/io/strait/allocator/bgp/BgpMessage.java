package io.strait.allocator.bgp;

import java.util.List;

/** The four BGP-4 messages (RFC 4271 §4), as decoded from or encoded to the wire. Immutable. */
public sealed interface BgpMessage {
    int OPEN = 1;
    int UPDATE = 2;
    int NOTIFICATION = 3;
    int KEEPALIVE = 4;

    /**
     * OPEN (§4.2) with the capabilities Strait uses.
     *
     * @param asn          the 4-octet AS (RFC 6793) when the capability was present, else the 2-octet field
     * @param fourOctetAs  the peer sent the 4-octet AS capability (code 65)
     * @param multiprotocol AFI/SAFI pairs of the multiprotocol capability (RFC 4760, code 1), as afi<<8|safi
     * @param extendedParameters the optional parameters are (decoded) or must be (encoded) in RFC 9072's
     *                      extended encoding; the encoder uses it anyway when they exceed 255 octets
     */
    record Open(int version, long asn, int holdTime, long routerId, boolean fourOctetAs, List<Integer> multiprotocol,
                boolean extendedParameters) implements BgpMessage {
        public Open {
            multiprotocol = List.copyOf(multiprotocol);
        }

        /** An OPEN whose optional parameters use RFC 4271's encoding where they fit. */
        public Open(int version, long asn, int holdTime, long routerId, boolean fourOctetAs, List<Integer> multiprotocol) {
            this(version, asn, holdTime, routerId, fourOctetAs, multiprotocol, false);
        }
    }

    /** UPDATE (§4.3): the parsed routes are not used (Strait only announces), only validated. */
    record Update(List<Prefix> withdrawn, List<Prefix> nlri, int attributeCount) implements BgpMessage {
        public Update {
            withdrawn = List.copyOf(withdrawn);
            nlri = List.copyOf(nlri);
        }
    }

    /** NOTIFICATION (§4.5). */
    record Notification(int code, int subcode, byte[] data) implements BgpMessage {
        public Notification {
            data = data.clone();
        }

        @Override
        public String toString() {
            String text = "NOTIFICATION " + code + "/" + subcode + " (" + BgpException.describe(code, subcode) + ")";
            boolean communication = code == BgpException.CEASE && (subcode == 2 || subcode == 4) // RFC 9003
                    && data.length > 1 && (data[0] & 0xff) == data.length - 1;
            return communication ? text + ": \"" + new String(data, 1, data.length - 1,
                    java.nio.charset.StandardCharsets.UTF_8) + "\"" : text;
        }
    }

    /** KEEPALIVE (§4.4). */
    record Keepalive() implements BgpMessage {}
}
