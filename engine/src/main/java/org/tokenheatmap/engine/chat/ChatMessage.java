package org.tokenheatmap.engine.chat;

/** One turn of a conversation as chat templates see it: {@code {"role": ..., "content": ...}}. */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        java.util.Objects.requireNonNull(role, "role");
        java.util.Objects.requireNonNull(content, "content");
    }

    public static ChatMessage user(String content) { return new ChatMessage("user", content); }
}
