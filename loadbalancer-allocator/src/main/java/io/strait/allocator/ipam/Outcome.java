package io.strait.allocator.ipam;

import java.net.InetAddress;
import java.util.List;

/** What the allocator decided for one Service, with the stable Event reasons MetalLB uses. */
public sealed interface Outcome {
    String REASON_ALLOCATED = "IPAllocated";
    String REASON_FAILED = "AllocationFailed";

    /** The Event reason. */
    String reason();

    /** The Service holds these addresses (one per family) from this pool. */
    record Assigned(List<InetAddress> ips, String pool) implements Outcome {
        public Assigned {
            ips = List.copyOf(ips);
        }

        @Override
        public String reason() {
            return REASON_ALLOCATED;
        }
    }

    /** Nothing could be assigned; the message names the Service and the cause. */
    record Failed(String message) implements Outcome {
        @Override
        public String reason() {
            return REASON_FAILED;
        }
    }
}
