package io.strait.daemon.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The manifest files of a folder ({@link FolderScan}), each parsed once per change of its
 * modification time or size. Two things are not taken at face value:
 * <ul>
 * <li>a file that could not be read (an I/O error, not a parse error) is read again on the next
 *     check, and meanwhile its objects keep their last good definitions;</li>
 * <li>a file that had objects and is now empty, modified less than {@link #EMPTY_GRACE} ago, is
 *     taken for a rewrite in progress (truncate, then write) and keeps its objects until it is
 *     written or has stayed empty for the grace; only then is it a removal.</li>
 * <li>a file read less than {@link #RACY_MILLIS} after its modification has its bytes compared
 *     again on the next checks: file times are coarse, so a write in the same tick as the read
 *     would otherwise go unseen for good.</li>
 * </ul>
 * Files larger than {@link #MAX_FILE_BYTES} are not read (an error naming the file). Not
 * thread-safe: one watcher thread uses it.
 */
final class ManifestFiles {
    /** A file larger than this is refused: standalone manifests are not bulk data. */
    static final long MAX_FILE_BYTES = 32L << 20;
    /** How long an emptied file is taken for a rewrite in progress. */
    static final long EMPTY_GRACE_MILLIS = 2_000;
    /** How recent a modification makes a file's stamp untrustworthy (file times are coarse). */
    static final long RACY_MILLIS = 1_000;

    /**
     * @param held true when the file's objects must keep their last good definitions (it could
     *             not be read or parsed, or it is being rewritten)
     */
    record Entry(String name, ManifestReader.FileContents contents, boolean held) {}

    /**
     * @param hash   of the bytes read
     * @param readAt when they were read
     */
    private record Cached(FolderScan.Stamp stamp, ManifestReader.FileContents contents, boolean readFailed,
                          long hash, long readAt) {
        /**
         * Read less than {@link #RACY_MILLIS} after its modification: a write in the same clock tick
         * leaves the stamp (coarse mtime, same size) as it was, so its bytes are compared again
         * until they are older (git's "racily clean" problem).
         */
        boolean racy() {
            return readAt - stamp.modified() < RACY_MILLIS;
        }

        Cached settledAt(long now) {
            return new Cached(stamp, contents, readFailed, hash, now);
        }
    }

    private final Path dir;
    private final ManifestReader reader = new ManifestReader();
    private final java.util.function.LongSupplier clock;
    private Map<Path, Cached> cache = new HashMap<>();
    private FolderScan lastScan;
    private boolean recheck; // something must be looked at again even if no stamp changes
    private boolean readBefore;
    private java.time.Instant newestChange;

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
        if (recheck || !scan.equals(lastScan)) {
            return true;
        }
        long now = clock.getAsLong();
        for (Map.Entry<Path, Cached> e : cache.entrySet()) {
            Cached c = e.getValue();
            if (c.racy()) {
                if (hash(e.getKey()) != c.hash()) {
                    return true;
                }
                e.setValue(c.settledAt(now));
            }
        }
        return false;
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
        long newest = Long.MIN_VALUE;
        long now = clock.getAsLong();
        for (Path p : scan.stamps().keySet().stream().sorted().toList()) {
            FolderScan.Stamp s = scan.stamps().get(p);
            String name = dir.relativize(p).toString();
            Cached before = cache.get(p);
            Cached c = before;
            if (c == null || !c.stamp().equals(s) || c.readFailed()) {
                c = load(p, name, s, now);
            } else if (c.racy()) {
                c = hash(p) == c.hash() ? c.settledAt(now) : load(p, name, s, now);
            }
            boolean held = c.readFailed() || !c.contents().errors().isEmpty();
            if (c.contents().objects().isEmpty() && c.contents().errors().isEmpty() && before != null
                    && !before.contents().objects().isEmpty() && now - s.modified() < EMPTY_GRACE_MILLIS) {
                held = true; // emptied a moment ago: a rewrite in progress, look again
                again = true;
                c = before;
            }
            again |= c.readFailed();
            if (c != before) {
                newest = Math.max(newest, s.modified()); // parsed anew: a change to time
            }
            next.put(p, c);
            out.add(new Entry(name, c.contents(), held));
        }
        cache = next;
        lastScan = scan;
        recheck = again;
        newestChange = readBefore && newest != Long.MIN_VALUE ? java.time.Instant.ofEpochMilli(newest) : null;
        readBefore = true;
        return out;
    }

    /**
     * The newest modification time of the files the last {@link #read()} parsed anew, or null (on
     * the first read, whose files predate the process, and when only deletions changed).
     */
    java.time.Instant newestChange() {
        return newestChange;
    }

    private Cached load(Path p, String name, FolderScan.Stamp s, long now) {
        if (s.size() > MAX_FILE_BYTES) {
            return new Cached(s, new ManifestReader.FileContents(List.of(), List.of(name + ": " + s.size()
                    + " bytes, larger than the limit of " + MAX_FILE_BYTES + " bytes; not read")), false, 0, now);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            return new Cached(s, new ManifestReader.FileContents(List.of(), List.of(name + ": cannot read: " + e), true),
                    true, 0, now);
        }
        return new Cached(s, reader.parse(new String(bytes, StandardCharsets.UTF_8), name), false, crc(bytes), now);
    }

    /** The hash of the file's bytes now, or -1 when it cannot be read (then it differs). */
    private static long hash(Path p) {
        try {
            return crc(Files.readAllBytes(p));
        } catch (IOException e) {
            return -1;
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue() << 32 ^ bytes.length;
    }
}
