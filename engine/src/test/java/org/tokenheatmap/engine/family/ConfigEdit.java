package org.tokenheatmap.engine.family;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.model.DecoderConfig.LayerAttention;

/** A configuration with one component changed: how the reference tests remove a quirk to show that it matters. */
record ConfigEdit(String description, UnaryOperator<DecoderConfig> edit) {

    DecoderConfig apply(DecoderConfig c) {
        return edit.apply(c);
    }

    /** {@code c} with record component {@code name} set to {@code value}. */
    static ConfigEdit set(String description, String name, Object value) {
        return new ConfigEdit(description, c -> with(c, name, value));
    }

    /** {@code c} with every layer's attention settings replaced. */
    static ConfigEdit layers(String description, UnaryOperator<LayerAttention> change) {
        return new ConfigEdit(description, c -> {
            List<LayerAttention> changed = new ArrayList<>();
            c.layerAttention().forEach(a -> changed.add(change.apply(a)));
            return with(c, "layerAttention", changed);
        });
    }

    static DecoderConfig with(DecoderConfig c, String name, Object value) {
        RecordComponent[] components = DecoderConfig.class.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                found |= components[i].getName().equals(name);
                args[i] = components[i].getName().equals(name) ? value : components[i].getAccessor().invoke(c);
            }
            if (!found) throw new IllegalArgumentException("DecoderConfig has no component " + name);
            Constructor<DecoderConfig> canonical = DecoderConfig.class.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
