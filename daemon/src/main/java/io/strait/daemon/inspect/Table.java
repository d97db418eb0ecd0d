package io.strait.daemon.inspect;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, as kubectl prints. Not thread-safe. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[rows.getFirst().length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                out.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 3) + "s", r[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
