package io.strait.allocator.speaker;

import io.strait.proxy.problem.Problem;
import io.strait.proxy.sync.DesiredState;
import io.strait.proxy.sync.Sink;
import java.util.List;
import java.util.function.Supplier;

/**
 * The sync's LoadBalancer sink (allocation and announcement), whose problems are counted as they
 * are now rather than per sync: announcing retries on its own schedule, so they change between
 * syncs. {@link #NONE} when the mode announces nothing.
 */
public interface LoadBalancerSink extends Sink {
    LoadBalancerSink NONE = of(d -> List.of(), List::of);

    /** The problems now (configuration, this node, speakers), as logged. */
    List<Problem> problems();

    static LoadBalancerSink of(Sink sink, Supplier<List<Problem>> problems) {
        return new LoadBalancerSink() {
            @Override
            public List<Problem> apply(DesiredState desired) {
                return sink.apply(desired);
            }

            @Override
            public List<Problem> problems() {
                return problems.get();
            }
        };
    }
}
