package org.seg4j.serve;

/**
 * A request the server refuses, answered with {@code status} and the JSON body
 * {@code {"error": error, "detail": detail}}: {@code error} is a short stable code a client can branch on, the
 * detail says what was wrong in words.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    static ApiException badParameter(String detail) {
        return new ApiException(400, "bad_parameter", detail);
    }

    static ApiException badImage(String detail) {
        return new ApiException(400, "bad_image", detail);
    }

    static ApiException notFound(String error, String detail) {
        return new ApiException(404, error, detail);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String detail() {
        return getMessage();
    }
}
