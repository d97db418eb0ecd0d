package io.strait.daemon.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest files of a folder ({@link FolderScan}), each parsed once per change of its
 * modification time or size. Two things are not taken at face value:
 * <ul>
 * <li>a file that could not be read (an I/O error, not a parse error) is read again on the next
 *     check, and meanwhile its objects keep their last good definitions;</li>
 * <li>a file that had objects and is now empty, modified less than {@link #EMPTY_GRACE} ago, is
 *     taken for a rewrite in progress (truncate, then write) and keeps its objects until it is
 *     written or has stayed empty for the grace; only then is it a removal.</li>
 * </ul>
 * Files larger than {@link #MAX_FILE_BYTES} are not read (an error naming the file). Not
 * thread-safe: one watcher thread uses it.
 */
final class ManifestFiles {
    /** A file larger than this is refused: standalone manifests are not bulk data. */
    static final long MAX_FILE_BYTES = 32L << 20;
    /** How long an emptied file is taken for a rewrite in progress. */
    static final long EMPTY_GRACE_MILLIS = 2_000;

    /**
     * @param held true when the file's objects must keep their last good definitions (it could
     *             not be read or parsed, or it is being rewritten)
     */
    record Entry(String name, ManifestReader.FileContents contents, boolean held) {}

    private record Cached(FolderScan.Stamp stamp, ManifestReader.FileContents contents, boolean readFailed) {}

    private final Path dir;
    private final ManifestReader reader = new ManifestReader();
    private final java.util.function.LongSupplier clock;
    private Map<Path, Cached> cache = new HashMap<>();
    private FolderScan lastScan;
    private boolean recheck; // something must be looked at again even if no stamp changes

    ManifestFiles(Path dir) {
        this(dir, System::currentTimeMillis);
    }

    ManifestFiles(Path dir, java.util.function.LongSupplier clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /**
     * True when this scan's files, stamps or problems differ from the last {@link #read()}'s, or a
     * file must be looked at again (it could not be read, or it was emptied a moment ago).
     */
    boolean differs(FolderScan scan) {
        return recheck || !scan.equals(lastScan);
    }

    /** The scan problems (looping links) of the last read. */
    List<String> scanProblems() {
        return lastScan == null ? List.of() : lastScan.problems();
    }

    /** Every manifest file's contents, sorted by path; unchanged files are not parsed again. */
    List<Entry> read() throws FolderScan.Failed {
        FolderScan scan = FolderScan.of(dir);
        Map<Path, Cached> next = new HashMap<>();
        List<Entry> out = new ArrayList<>();
        boolean again = false;
        long now = clock.getAsLong();
        for (Path p : scan.stamps().keySet().stream().sorted().toList()) {
            FolderScan.Stamp s = scan.stamps().get(p);
            String name = dir.relativize(p).toString();
            Cached before = cache.get(p);
            Cached c = before;
            if (c == null || !c.stamp().equals(s) || c.readFailed()) {
                c = load(p, name, s);
            }
            boolean held = c.readFailed() || !c.contents().errors().isEmpty();
            if (c.contents().objects().isEmpty() && c.contents().errors().isEmpty() && before != null
                    && !before.contents().objects().isEmpty() && now - s.modified() < EMPTY_GRACE_MILLIS) {
                held = true; // emptied a moment ago: a rewrite in progress, look again
                again = true;
                c = new Cached(before.stamp(), before.contents(), before.readFailed());
            }
            again |= c.readFailed();
            next.put(p, c);
            out.add(new Entry(name, c.contents(), held));
        }
        cache = next;
        lastScan = scan;
        recheck = again;
        return out;
    }

    private Cached load(Path p, String name, FolderScan.Stamp s) {
        if (s.size() > MAX_FILE_BYTES) {
            return new Cached(s, new ManifestReader.FileContents(List.of(), List.of(name + ": " + s.size()
                    + " bytes, larger than the limit of " + MAX_FILE_BYTES + " bytes; not read")), false);
        }
        ManifestReader.FileContents read = reader.read(p, name);
        return new Cached(s, read, read.unreadable());
    }
}
