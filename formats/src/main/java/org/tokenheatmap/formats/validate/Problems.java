package org.tokenheatmap.formats.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems of one file, capped so that a file with a million bad steps costs bounded memory: past
 * {@link #LIMIT} problems only a count is kept, reported as one closing problem.
 */
public final class Problems {
    public static final int LIMIT = 200;

    private final String file;
    private final List<Problem> list = new ArrayList<>();
    private long dropped;

    public Problems(Object file) {
        this.file = String.valueOf(file);
    }

    public void add(String place, String reason) {
        if (list.size() < LIMIT) {
            list.add(new Problem(file, place, reason));
        } else {
            dropped++;
        }
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Problem> toList() {
        List<Problem> all = new ArrayList<>(list);
        if (dropped > 0) {
            all.add(new Problem(file, "", "... and " + dropped + " more problems"));
        }
        return List.copyOf(all);
    }
}
