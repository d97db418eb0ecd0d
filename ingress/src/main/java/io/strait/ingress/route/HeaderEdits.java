package io.strait.ingress.route;

import java.util.List;
import java.util.Map;

/**
 * The Gateway API {@code RequestHeaderModifier}: set (replace every value), add (append a value;
 * HTTP/1.1 sends it comma-joined to an existing one), remove. Names are case-insensitive.
 */
public record HeaderEdits(List<Map.Entry<String, String>> set, List<Map.Entry<String, String>> add,
                          List<String> remove) {
    public static final HeaderEdits NONE = new HeaderEdits(List.of(), List.of(), List.of());

    public HeaderEdits {
        set = List.copyOf(set);
        add = List.copyOf(add);
        remove = List.copyOf(remove);
    }

    public boolean isEmpty() {
        return set.isEmpty() && add.isEmpty() && remove.isEmpty();
    }
}
