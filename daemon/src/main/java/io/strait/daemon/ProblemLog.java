package io.strait.daemon;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Logs each distinct problem once while it persists (a problem that goes away and comes back is
 * logged again), and says when a problem is resolved, so a sync every few seconds does not flood
 * the log. Keeps the current list for status output. Thread-safe.
 */
public final class ProblemLog {
    private final Logger log;
    private final String what;
    private Set<String> current = new LinkedHashSet<>();

    public ProblemLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Replaces the current problems with these, logging the new and the resolved ones. */
    public synchronized void report(List<String> problems) {
        Set<String> next = new LinkedHashSet<>(problems);
        for (String p : next) {
            if (!current.contains(p)) {
                log.warn("{}", p);
            }
        }
        for (String p : current) {
            if (!next.contains(p)) {
                log.info("resolved ({}): {}", what, p);
            }
        }
        current = next;
    }

    public synchronized List<String> current() {
        return new ArrayList<>(current);
    }
}
