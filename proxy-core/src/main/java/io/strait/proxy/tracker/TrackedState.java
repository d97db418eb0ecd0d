package io.strait.proxy.tracker;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.SliceInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sync's view of both trackers: the {@link ClusterState} to plan from, the problems and
 * ignored objects to report, and the trigger times of the slice changes it applies.
 */
public record TrackedState(ClusterState state, List<String> problems, List<String> ignored,
                           List<Instant> triggerTimes) {
    public TrackedState {
        problems = List.copyOf(problems);
        ignored = List.copyOf(ignored);
        triggerTimes = List.copyOf(triggerTimes);
    }

    /** Applies what both trackers hold pending and builds the snapshot (node may be null). */
    public static TrackedState apply(ServiceChangeTracker services, EndpointsChangeTracker endpoints, NodeInfo node) {
        var s = services.apply();
        var e = endpoints.apply();
        Map<ServiceName, List<SliceInfo>> byService = new HashMap<>();
        for (SliceInfo slice : e.current().values()) {
            byService.computeIfAbsent(slice.service(), k -> new ArrayList<>()).add(slice);
        }
        byService.values().forEach(l -> l.sort(Comparator.comparing(SliceInfo::name)));
        List<String> problems = new ArrayList<>(s.problems());
        problems.addAll(e.problems());
        List<String> ignored = new ArrayList<>(s.ignored());
        ignored.addAll(e.ignored());
        List<Instant> triggers = e.changed().stream().map(SliceInfo::triggerTime).filter(Objects::nonNull).toList();
        Map<ServiceName, ServiceInfo> svcs = s.current();
        return new TrackedState(new ClusterState(svcs, byService, node), problems, ignored, triggers);
    }
}
