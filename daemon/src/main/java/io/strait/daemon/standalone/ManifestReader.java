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

    /** What one file yielded: its objects, and a message per document that could not be read. */
    public record FileContents(List<ManifestObject> objects, List<String> errors) {}

    public FileContents read(Path file, String displayName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new FileContents(List.of(), List.of(displayName + ": cannot read: " + e.getMessage()));
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
                errors.add(source + ": cannot parse: " + firstLine(e));
            }
        }
        return new FileContents(objects, errors);
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
