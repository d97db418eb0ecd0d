package io.strait.daemon.standalone;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How deeply a YAML document nests, measured on its text before any parser (whose recursion a
 * deep document would overflow) sees it: block levels by indentation and {@code - } sequence
 * entries, plus flow levels by {@code [}/{@code {} outside quotes and comments. An upper bound
 * good enough to refuse the absurd (block scalar content counts as levels too).
 */
final class YamlDepth {
    private YamlDepth() {}

    /** The deepest level reached, or stops counting and returns as soon as it exceeds limit. */
    static int of(String doc, int limit) {
        Deque<Integer> indents = new ArrayDeque<>();
        int max = 0;
        int flow = 0;
        for (String line : doc.split("\n", -1)) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i == line.length() || line.charAt(i) == '#') {
                continue;
            }
            int level = flow;
            if (flow == 0) {
                while (!indents.isEmpty() && indents.peek() >= i) {
                    indents.pop();
                }
                indents.push(i);
                level = indents.size();
                for (int j = i; j + 1 < line.length() && line.charAt(j) == '-' && line.charAt(j + 1) == ' '; j += 2) {
                    level++; // "- - - x": each entry is a level
                }
            }
            char quote = 0;
            for (int j = i; j < line.length(); j++) {
                char c = line.charAt(j);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '#' && j > 0 && line.charAt(j - 1) == ' ') {
                    break;
                } else if (c == '[' || c == '{') {
                    flow++;
                    level = Math.max(level, indents.size() + flow);
                } else if ((c == ']' || c == '}') && flow > 0) {
                    flow--;
                }
            }
            max = Math.max(max, level);
            if (max > limit) {
                return max;
            }
        }
        return max;
    }
}
