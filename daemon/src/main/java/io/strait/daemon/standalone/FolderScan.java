package io.strait.daemon.standalone;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One walk of the manifest folder: the {@code *.yaml}/{@code *.yml} regular files (recursively,
 * following links, at most 16 levels, skipping names that start with a dot such as a mounted
 * ConfigMap's {@code ..data}) with their stamps, and the links that loop (reported; the rest of
 * the folder is read). Any other I/O error (out of file descriptors, permission denied, a
 * directory that vanished while it was read) fails the whole scan with {@link Failed}: a partial
 * walk must never read as "files deleted".
 *
 * @param stamps   modification time and size per file
 * @param problems the links that loop, one message each
 */
record FolderScan(Map<Path, Stamp> stamps, List<String> problems) {
    static final int MAX_DEPTH = 16;

    record Stamp(long modified, long size) {}

    /** The folder could not be read completely; the message names the path and the error. */
    static final class Failed extends IOException {
        Failed(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** Scans dir; a file or directory vanishing mid-walk is retried twice before the scan fails. */
    static FolderScan of(Path dir) throws Failed {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(dir);
            } catch (Failed e) {
                if (attempt >= 3 || !(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    private static FolderScan once(Path dir) throws Failed {
        if (!Files.isDirectory(dir)) {
            throw new Failed("manifest folder " + dir + " is not a directory (or cannot be read)", null);
        }
        Map<Path, Stamp> stamps = new HashMap<>();
        List<String> problems = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && hidden(dir.relativize(d)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
                    String n = p.getFileName().toString();
                    if (a.isRegularFile() && (n.endsWith(".yaml") || n.endsWith(".yml")) && !hidden(dir.relativize(p))) {
                        stamps.put(p, new Stamp(a.lastModifiedTime().toMillis(), a.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException) {
                        problems.add(dir.relativize(p) + ": the link loops back to " + p.toRealPath() + "; not followed");
                        return FileVisitResult.CONTINUE;
                    }
                    if (e instanceof NoSuchFileException && !p.equals(dir) && hidden(dir.relativize(p))) {
                        return FileVisitResult.CONTINUE; // a ConfigMap's ..data swap: not ours
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new Failed("cannot read the manifest folder " + dir + ": " + describe(e), e);
        }
        return new FolderScan(stamps, problems);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                ? fs.getFile() + ": " + fs.getReason() : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
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
