package org.tokenheatmap.viewer;

/** A request the API answers with a specific status: 403 for a refused origin, 409 for a conflict (busy, exists). */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
