package io.strait.daemon.standalone;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads Kubernetes objects from one YAML file with fabric8's serializer. Multi-document files are
 * split on {@code ---} lines and each document is parsed alone, so one bad document does not hide
 * the others. Thread-safe.
 */
public final class ManifestReader {
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*(#.*)?$");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** Levels of nesting a document may have (Kubernetes objects need about a dozen). */
    public static final int MAX_DEPTH = 100;
    /** Bytes one document may have: twice what etcd stores for one object (1.5 MiB). */
    public static final int MAX_DOCUMENT_BYTES = 3 << 20;

    /**
     * What one file yielded: its objects, and a message per document that could not be read.
     *
     * @param unreadable the file itself could not be read (an I/O error, worth another try)
     */
    public record FileContents(List<ManifestObject> objects, List<String> errors, boolean unreadable) {
        public FileContents(List<ManifestObject> objects, List<String> errors) {
            this(objects, errors, false);
        }
    }

    public FileContents read(Path file, String displayName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new FileContents(List.of(), List.of(displayName + ": cannot read: " + e), true);
        }
        return parse(text, displayName);
    }

    public FileContents parse(String text, String displayName) {
        String[] docs = SEPARATOR.split(text, -1);
        List<ManifestObject> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            String doc = docs[i];
            if (isBlank(doc)) {
                continue;
            }
            String source = docs.length > 1 ? displayName + " (document " + (i + 1) + ")" : displayName;
            String refused = refuse(doc);
            if (refused != null) {
                errors.add(source + ": " + refused + "; not read");
                continue;
            }
            try {
                Object parsed = serialization.unmarshal(doc);
                if (parsed instanceof HasMetadata h) {
                    objects.add(new ManifestObject(source, h));
                } else if (parsed instanceof List<?> list) {
                    for (Object o : list) {
                        if (o instanceof HasMetadata h) {
                            objects.add(new ManifestObject(source, h));
                        }
                    }
                } else {
                    errors.add(source + ": not a Kubernetes object (needs apiVersion, kind and metadata)");
                }
            } catch (RuntimeException e) {
                String field = FieldError.describe(e, doc, serialization);
                errors.add(source + ": " + (field != null ? field : "cannot parse: " + firstLine(e)));
            } catch (StackOverflowError e) {
                errors.add(source + ": cannot parse: nested too deeply for the parser; not read");
            }
        }
        return new FileContents(objects, errors);
    }

    /** Why a document is not even handed to the parser, or null. */
    private static String refuse(String doc) {
        long bytes = doc.length() <= MAX_DOCUMENT_BYTES / 3 ? doc.length()
                : doc.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DOCUMENT_BYTES) {
            return "the document has " + bytes + " bytes, larger than the limit of " + MAX_DOCUMENT_BYTES;
        }
        if (YamlDepth.of(doc, MAX_DEPTH) > MAX_DEPTH) {
            return "nested deeper than " + MAX_DEPTH + " levels";
        }
        return null;
    }

    private static boolean isBlank(String doc) {
        for (String line : doc.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.toString() : root.getMessage();
        String[] lines = m.split("\n");
        StringBuilder sb = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length && i < 4; i++) {
            String l = lines[i].strip();
            if (l.startsWith("at [Source") || l.startsWith("in 'reader'") || l.contains("line ")) {
                sb.append(' ').append(l);
            }
        }
        return sb.toString();
    }
}
