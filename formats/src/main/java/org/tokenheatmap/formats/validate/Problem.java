package org.tokenheatmap.formats.validate;

/**
 * One thing wrong with a file, as {@code heatmap validate} reports it.
 *
 * @param file   the file's path as given or found
 * @param place  JSON pointer ("/steps/3/rank"), "line 12", an npz key ("layer_2/q_last"), or "" for the whole file
 * @param reason what is wrong, phrased for the user
 */
public record Problem(String file, String place, String reason) {
    @Override
    public String toString() {
        return place == null || place.isEmpty() ? file + ": " + reason : file + ": " + place + ": " + reason;
    }
}
