package io.strait.allocator.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of one object's {@code spec}; a wrong type becomes a problem naming the object and
 * the field (e.g. {@code IPAddressPool ns/p: spec.autoAssign: expected true or false}) and a default.
 */
final class Fields {
    private final String ref;
    private final List<String> problems;

    Fields(RawObject object, List<String> problems) {
        this.ref = object.ref();
        this.problems = problems;
    }

    void problem(String field, String message) {
        problems.add(ref + ": " + field + ": " + message);
    }

    String string(Map<String, Object> map, String key, String field) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        problem(field, "expected a string, got " + v);
        return null;
    }

    boolean bool(Map<String, Object> map, String key, String field, boolean dflt) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problem(field, "expected true or false, got " + v);
        return dflt;
    }

    long number(Map<String, Object> map, String key, String field, long dflt, long min, long max) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == n.longValue()) {
            long l = n.longValue();
            if (l >= min && l <= max) {
                return l;
            }
            problem(field, l + " is out of range " + min + "-" + max);
            return dflt;
        }
        problem(field, "expected an integer, got " + v);
        return dflt;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(Map<String, Object> map, String key, String field) {
        Object v = map.get(key);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        problem(field, "expected an object, got " + v);
        return Map.of();
    }

    List<Object> list(Map<String, Object> map, String key, String field) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        problem(field, "expected a list, got " + v);
        return List.of();
    }

    List<String> strings(Map<String, Object> map, String key, String field) {
        List<String> out = new ArrayList<>();
        List<Object> l = list(map, key, field);
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) instanceof String s) {
                out.add(s);
            } else {
                problem(field + "[" + i + "]", "expected a string, got " + l.get(i));
            }
        }
        return out;
    }

    List<Selector> selectors(Map<String, Object> map, String key, String field) {
        List<Selector> out = new ArrayList<>();
        List<Object> l = list(map, key, field);
        for (int i = 0; i < l.size(); i++) {
            String f = field + "[" + i + "]";
            if (l.get(i) instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> sel = (Map<String, Object>) m;
                out.add(selector(sel, f));
            } else {
                problem(f, "expected a label selector, got " + l.get(i));
            }
        }
        return out;
    }

    private Selector selector(Map<String, Object> sel, String field) {
        Map<String, String> labels = new HashMap<>();
        object(sel, "matchLabels", field + ".matchLabels").forEach((k, v) -> {
            if (v instanceof String s) {
                labels.put(k, s);
            } else {
                problem(field + ".matchLabels." + k, "expected a string, got " + v);
            }
        });
        List<Selector.Requirement> reqs = new ArrayList<>();
        List<Object> exprs = list(sel, "matchExpressions", field + ".matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            String f = field + ".matchExpressions[" + i + "]";
            if (!(exprs.get(i) instanceof Map<?, ?> m)) {
                problem(f, "expected an object");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) m;
            String key = string(e, "key", f + ".key");
            String op = string(e, "operator", f + ".operator");
            Set<String> values = new HashSet<>(strings(e, "values", f + ".values"));
            if (key == null) {
                problem(f + ".key", "missing");
            } else if (op == null || !Set.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
                problem(f + ".operator", "\"" + op + "\" is not In, NotIn, Exists or DoesNotExist");
            } else if ((op.equals("In") || op.equals("NotIn")) && values.isEmpty()) {
                problem(f + ".values", "must not be empty for " + op);
            } else {
                reqs.add(new Selector.Requirement(key, op, values));
            }
        }
        return new Selector(labels, reqs);
    }

    /**
     * Reports every key of {@code map} that is not in {@code known} and is set to more than its
     * empty value ({@code false}, {@code ""}, {@code 0}, an empty list or object mean "off", so
     * nothing is lost by not reading them). {@code hints} add a reason or a way out per key.
     */
    void onlyKnown(Map<String, Object> map, String prefix, Set<String> known, Map<String, String> hints) {
        for (Map.Entry<String, Object> e : new java.util.TreeMap<>(map).entrySet()) {
            if (known.contains(e.getKey()) || empty(e.getValue())) {
                continue;
            }
            String hint = hints.get(e.getKey());
            problem(prefix + e.getKey(), "Strait does not implement this field" + (hint == null ? "" : "; " + hint)
                    + " (it is refused rather than ignored)");
        }
    }

    private static boolean empty(Object v) {
        return v == null || Boolean.FALSE.equals(v) || "".equals(v)
                || v instanceof Number n && n.doubleValue() == 0
                || v instanceof java.util.Collection<?> c && c.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty();
    }
}
