package io.strait.allocator.ipam;

import io.strait.allocator.config.Pool;
import java.util.ArrayList;
import java.util.List;

/** The address families a Service asks for ({@code ipFamilies}, {@code ipFamilyPolicy}); true means IPv6. */
final class Families {
    private Families() {}

    static List<Boolean> wanted(LbService svc) {
        List<Boolean> fams = new ArrayList<>();
        for (String f : svc.families()) {
            boolean v6 = f.equals("IPv6");
            if (!fams.contains(v6)) {
                fams.add(v6);
            }
        }
        if (fams.isEmpty()) {
            fams.add(false);
        }
        String policy = svc.familyPolicy() == null ? "SingleStack" : svc.familyPolicy();
        if (policy.equals("SingleStack")) {
            return List.of(fams.getFirst());
        }
        if (fams.size() == 1) {
            fams.add(!fams.getFirst());
        }
        return fams;
    }

    /** The families to take from this pool, or null when it cannot serve the Service. */
    static List<Boolean> fit(LbService svc, List<Boolean> wanted, Pool p) {
        if (wanted.stream().allMatch(p::hasFamily)) {
            return wanted;
        }
        if ("PreferDualStack".equals(svc.familyPolicy()) && p.hasFamily(wanted.getFirst())) {
            return List.of(wanted.getFirst());
        }
        return null;
    }

    static String names(List<Boolean> fams) {
        return String.join("+", fams.stream().map(v6 -> v6 ? "IPv6" : "IPv4").toList());
    }
}
