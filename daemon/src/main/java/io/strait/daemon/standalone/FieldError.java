package io.strait.daemon.standalone;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a document that parses as YAML but not into its Kubernetes type (e.g. {@code port: "abc"})
 * into the usual "Kind namespace/name: field: problem" message, like the translators' errors.
 * Reads Jackson's message ("Cannot deserialize value of type `T` from String "v" ... (through
 * reference chain: ...["spec"]->...["ports"]->java.util.ArrayList[0]->...["port"])"), which
 * fabric8 passes on; Jackson itself is not on this module's compile path.
 */
final class FieldError {
    private static final Pattern CHAIN = Pattern.compile("\\(through reference chain: (.*)\\)", Pattern.DOTALL);
    private static final Pattern STEP = Pattern.compile("\\[\"([^\"]*)\"\\]|\\[(\\d+)\\]");
    private static final Pattern TYPE = Pattern.compile("value of type `([^`]+)`");
    private static final Pattern VALUE = Pattern.compile("from (String|Integer|Boolean|Array|Object)[^\"]*(\"[^\"]*\")?");

    private FieldError() {}

    /** The message, or null when the failure is not about one field of a readable object. */
    static String describe(Throwable failure, String doc, KubernetesSerialization serialization) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && CHAIN.matcher(t.getMessage()).find()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return null;
        }
        Matcher chain = CHAIN.matcher(message);
        chain.find();
        StringBuilder path = new StringBuilder();
        Matcher step = STEP.matcher(chain.group(1));
        while (step.find()) {
            if (step.group(1) != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.group(1));
            } else {
                path.append('[').append(step.group(2)).append(']');
            }
        }
        String object = object(doc, serialization);
        if (object == null || path.isEmpty()) {
            return null;
        }
        Matcher type = TYPE.matcher(message);
        String problem = type.find() ? "must be " + typeName(type.group(1)) : "cannot be read";
        Matcher value = VALUE.matcher(message.lines().findFirst().orElse(""));
        if (value.find()) {
            problem += " (got " + (value.group(2) != null ? value.group(2) : "a " + value.group(1).toLowerCase()) + ")";
        }
        return object + ": " + path + ": " + problem;
    }

    private static String object(String doc, KubernetesSerialization serialization) {
        try {
            Map<?, ?> raw = serialization.unmarshal(doc, Map.class);
            Map<?, ?> meta = raw.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
            Object ns = meta.get("namespace");
            return raw.get("kind") + " " + (ns == null || ns.toString().isEmpty() ? "default" : ns) + "/" + meta.get("name");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String typeName(String type) {
        return switch (type) {
            case "java.lang.Integer", "int", "java.lang.Long", "long" -> "an integer";
            case "java.lang.Boolean", "boolean" -> "true or false";
            case "java.lang.String" -> "a string";
            default -> type.startsWith("java.util.List") || type.startsWith("java.util.ArrayList") ? "a list"
                    : type.startsWith("java.util.Map") ? "a map" : "a " + type.substring(type.lastIndexOf('.') + 1);
        };
    }
}
