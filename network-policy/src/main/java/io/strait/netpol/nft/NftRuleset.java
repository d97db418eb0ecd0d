package io.strait.netpol.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The desired content of the table: its chains (text) and its named sets with their elements.
 * {@link #fullScript} replaces the table in one transaction ({@code add table} so that the
 * {@code delete} cannot fail on a first run, {@code delete table}, then the whole definition:
 * nft applies a file atomically, so packets see the old table or the new one, never neither;
 * {@code flush table} would not do, it leaves old sets' elements and old chains behind).
 * {@link #updateFrom} is the incremental path: when only set elements differ it returns
 * {@code delete element}/{@code add element} commands, else the full script.
 */
public record NftRuleset(String table, List<String> chains, SortedMap<String, NftSet> sets) {
    public NftRuleset {
        chains = List.copyOf(chains);
        sets = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(sets));
    }

    /** The script that makes the table exactly this, from any previous state. */
    public String fullScript() {
        StringBuilder sb = new StringBuilder();
        sb.append("add table inet ").append(table).append('\n');
        sb.append("delete table inet ").append(table).append('\n');
        sb.append("table inet ").append(table).append(" {\n");
        for (NftSet s : sets.values()) {
            sb.append('\t').append(s.kind()).append(' ').append(s.name()).append(" {\n");
            sb.append("\t\ttype ").append(s.type()).append('\n');
            sb.append("\t\tcomment \"").append(s.comment()).append("\"\n");
            if (!s.elements().isEmpty()) {
                sb.append("\t\telements = { ").append(String.join(",\n\t\t\t", s.elements())).append(" }\n");
            }
            sb.append("\t}\n");
        }
        for (String chain : chains) {
            sb.append(chain);
        }
        sb.append("}\n");
        return sb.toString();
    }

    /** Whether only set elements differ from {@code previous} (so {@link #updateFrom} can be incremental). */
    public boolean sameStructure(NftRuleset previous) {
        if (previous == null || !previous.table.equals(table) || !previous.chains.equals(chains)
                || !previous.sets.keySet().equals(sets.keySet())) {
            return false;
        }
        for (var e : sets.entrySet()) {
            if (!previous.sets.get(e.getKey()).declaration().equals(e.getValue().declaration())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The script that turns {@code previous} (what was last applied successfully; null when
     * unknown) into this: element changes only when the structure is the same, the full script
     * otherwise. Empty when nothing changed.
     */
    public String updateFrom(NftRuleset previous) {
        if (!sameStructure(previous)) {
            return fullScript();
        }
        List<String> deletes = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        for (var e : sets.entrySet()) {
            Set<String> before = previous.sets.get(e.getKey()).elements();
            Set<String> after = e.getValue().elements();
            Set<String> gone = new TreeSet<>();
            before.stream().filter(x -> !after.contains(x)).forEach(x -> gone.add(NftSet.key(x)));
            Set<String> come = new TreeSet<>(after);
            come.removeAll(before);
            if (!gone.isEmpty()) {
                deletes.add("delete element inet " + table + " " + e.getKey() + " { " + String.join(", ", gone) + " }\n");
            }
            if (!come.isEmpty()) {
                adds.add("add element inet " + table + " " + e.getKey() + " { " + String.join(", ", come) + " }\n");
            }
        }
        StringBuilder sb = new StringBuilder();
        deletes.forEach(sb::append);
        adds.forEach(sb::append);
        return sb.toString();
    }

    /** The elements of one set (for tests and {@code strait status}). */
    public Set<String> elements(String set) {
        NftSet s = sets.get(set);
        return s == null ? Set.of() : s.elements();
    }

    static SortedMap<String, NftSet> index(List<NftSet> sets) {
        SortedMap<String, NftSet> m = new TreeMap<>();
        sets.forEach(s -> m.put(s.name(), s));
        return m;
    }
}
