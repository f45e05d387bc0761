package org.tokenheatmap.engine.hooks;

/**
 * What a hook receives: which point fired ({@code name} such as {@code blocks.2.hook_resid_post}), the layer
 * ({@code -1} for global points), the absolute token position, the values (row-major) and their shape.
 */
public record Activation(String name, HookPoint point, int layer, int position, ActivationView values, int[] shape) {}
