package io.strait.daemon.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code *.yaml}/{@code *.yml} files under a folder (recursively, following links, skipping
 * names that start with a dot such as a mounted ConfigMap's {@code ..data}), each parsed once
 * per change of its modification time or size. Not thread-safe: one watcher thread uses it.
 */
final class ManifestFiles {
    record Entry(String name, ManifestReader.FileContents contents) {}

    private record Stamp(long modified, long size) {}

    private record Cached(Stamp stamp, ManifestReader.FileContents contents) {}

    private final Path dir;
    private final ManifestReader reader = new ManifestReader();
    private Map<Path, Cached> cache = new HashMap<>();
    private Map<Path, Stamp> lastScan = Map.of();
    private boolean readBefore;
    private java.time.Instant newestChange;

    ManifestFiles(Path dir) {
        this.dir = dir;
    }

    /** True when the set of files or any file's stamp differs from the last {@link #read()}. */
    boolean changed() {
        return !scan().equals(lastScan);
    }

    /** Every manifest file's contents, sorted by path; unchanged files are not parsed again. */
    List<Entry> read() {
        Map<Path, Stamp> stamps = scan();
        Map<Path, Cached> next = new HashMap<>();
        List<Entry> out = new ArrayList<>();
        long[] newest = {Long.MIN_VALUE};
        stamps.keySet().stream().sorted().forEach(p -> {
            Stamp s = stamps.get(p);
            Cached c = cache.get(p);
            if (c == null || !c.stamp().equals(s)) {
                c = new Cached(s, reader.read(p, dir.relativize(p).toString()));
                newest[0] = Math.max(newest[0], s.modified());
            }
            next.put(p, c);
            out.add(new Entry(dir.relativize(p).toString(), c.contents()));
        });
        cache = next;
        lastScan = stamps;
        newestChange = readBefore && newest[0] != Long.MIN_VALUE ? java.time.Instant.ofEpochMilli(newest[0]) : null;
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

    private Map<Path, Stamp> scan() {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new IOException("manifest folder " + dir + " is not a directory"));
        }
        Map<Path, Stamp> out = new HashMap<>();
        try (Stream<Path> walk = Files.walk(dir, 16, FileVisitOption.FOLLOW_LINKS)) {
            walk.filter(p -> !p.equals(dir))
                    .filter(p -> !hidden(dir.relativize(p)))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .forEach(p -> {
                        try {
                            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                            if (a.isRegularFile()) {
                                out.put(p, new Stamp(a.lastModifiedTime().toMillis(), a.size()));
                            }
                        } catch (IOException e) {
                            // vanished between listing and stat: the next scan sees the truth
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // a file removed mid-walk; the next scan retries
        }
        return out;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
