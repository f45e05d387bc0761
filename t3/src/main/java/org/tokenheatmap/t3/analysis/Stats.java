package org.tokenheatmap.t3.analysis;

/** Count, mean, min and max of a stream of numbers in O(1) memory. */
public final class Stats {
    private long count;
    private double sum, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;

    public void add(double v) {
        count++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    public void addAll(double[] values) {
        for (double v : values) add(v);
    }

    /** Mean, min, max are null when nothing was added. */
    public record Summary(long count, Double mean, Double min, Double max) {}

    public Summary summary() {
        return count == 0 ? new Summary(0, null, null, null) : new Summary(count, sum / count, min, max);
    }
}
