package org.tokenheatmap.compare;

import java.util.Iterator;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.IndexedStep;

/** Forward-only random access into a streamed steps array: aligned pairs ascend, so each side is read once. */
final class StepCursor<S extends IndexedStep> {
    private final Object file;
    private final Iterator<S> steps;
    private S current;

    StepCursor(Object file, Iterator<S> steps) {
        this.file = file;
        this.steps = steps;
    }

    S at(int index) {
        if (current != null && current.step() > index) throw new IllegalStateException("step " + index + " already passed");
        while (current == null || current.step() < index) {
            if (!steps.hasNext()) throw new BadInputException(file, "/steps/" + index, "missing: the file changed while it was compared");
            current = steps.next();
        }
        return current;
    }
}
