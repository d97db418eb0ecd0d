package io.strait.proxy.tracker;

/**
 * The one rule for an object that is invalid now, wherever objects come from (the change
 * trackers of Kubernetes mode, the manifest folder): if it had a good definition before, that one
 * keeps serving; otherwise nothing of it is applied. {@link #outcome} says which, for the problem.
 */
public final class LastGood {
    private LastGood() {}

    /** What the problem of an invalid object adds: its last good definition is kept, or nothing is applied. */
    public static String outcome(boolean hadGood) {
        return hadGood ? "; keeping its last good definition" : "; it is not applied";
    }
}
