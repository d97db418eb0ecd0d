package io.strait.proxy.problem;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The one place a component's problems are logged: each distinct problem once while it persists
 * (one that goes away and comes back is logged again), and a line when it is resolved, so a sync
 * every few seconds does not flood the log. At most {@code limit} new (and as many resolved)
 * problems are logged one by one per report; the rest are summed up in one line, so 200,000 bad
 * objects do not write 200,000 lines. Keeps the current list for {@code /status} and
 * {@code strait_config_problems}. Thread-safe.
 */
public final class ProblemLog {
    /** Lines per report, unless told otherwise. */
    public static final int DEFAULT_LIMIT = 20;

    private final Logger log;
    private final String what;
    private final int limit;
    private final boolean warn;
    private Set<Problem> current = new LinkedHashSet<>();

    /** @param what names the component in "resolved" lines, e.g. {@code manifests} */
    public ProblemLog(Logger log, String what) {
        this(log, what, DEFAULT_LIMIT, true);
    }

    /** @param warn false to log the problems at INFO (notes, such as ignored objects) */
    public ProblemLog(Logger log, String what, int limit, boolean warn) {
        this.log = log;
        this.what = what;
        this.limit = limit;
        this.warn = warn;
    }

    /** Replaces the current problems with these, logging the new and the resolved ones. */
    public synchronized void report(List<Problem> problems) {
        Set<Problem> next = new LinkedHashSet<>(problems);
        int added = 0;
        for (Problem p : next) {
            if (!current.contains(p) && ++added <= limit) {
                line("{}", p);
            }
        }
        if (added > limit) {
            line("... and {} more ({})", added - limit, what);
        }
        int resolved = 0;
        for (Problem p : current) {
            if (!next.contains(p) && ++resolved <= limit) {
                log.info("resolved ({}): {}", what, p);
            }
        }
        if (resolved > limit) {
            log.info("resolved ({}): {} more", what, resolved - limit);
        }
        current = next;
    }

    private void line(String format, Object... args) {
        if (warn) {
            log.warn(format, args);
        } else {
            log.info(format, args);
        }
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
