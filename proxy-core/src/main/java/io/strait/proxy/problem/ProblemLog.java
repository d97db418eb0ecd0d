package io.strait.proxy.problem;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The one place a component's problems are logged: each distinct problem once while it persists
 * (one that goes away and comes back is logged again), and a line when it is resolved, so a sync
 * every few seconds does not flood the log. Keeps the current list for {@code /status} and
 * {@code strait_config_problems}. Thread-safe.
 */
public final class ProblemLog {
    private final Logger log;
    private final String what;
    private Set<Problem> current = new LinkedHashSet<>();

    /** @param what names the component in "resolved" lines, e.g. {@code manifests} */
    public ProblemLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Replaces the current problems with these, logging the new and the resolved ones. */
    public synchronized void report(List<Problem> problems) {
        Set<Problem> next = new LinkedHashSet<>(problems);
        for (Problem p : next) {
            if (!current.contains(p)) {
                log.warn("{}", p);
            }
        }
        for (Problem p : current) {
            if (!next.contains(p)) {
                log.info("resolved ({}): {}", what, p);
            }
        }
        current = next;
    }

    /** As {@link #report(List)}, for problems that are only messages. */
    public void reportMessages(List<String> messages) {
        report(Problem.all(messages));
    }

    /** The current problems. */
    public synchronized List<Problem> problems() {
        return List.copyOf(current);
    }

    /** The current problems, rendered. */
    public synchronized List<String> current() {
        return current.stream().map(Problem::toString).toList();
    }
}
