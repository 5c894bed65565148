package org.seg4j.serve;

import java.util.concurrent.Semaphore;

/**
 * Bounds the requests a model holds at once, from reading the upload to the answer: a request enters before its body
 * is read and leaves when its result is ready; when all places are taken it is refused with 503 at once. With the
 * upload and pixel limits this bounds the memory a model's requests can take, however many connections are open:
 * about {@code places x (max upload + 3 bytes x max pixels)}.
 */
final class Admission {
    /** A request's place; closing it frees the place. */
    interface Place extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore places;
    private final int capacity;

    Admission(int capacity) {
        this.capacity = capacity;
        this.places = new Semaphore(capacity);
    }

    /**
     * Takes a place.
     *
     * @throws ApiException 503 {@code overloaded} when every place is taken
     */
    Place enter() {
        if (!places.tryAcquire()) {
            throw new ApiException(503, "overloaded", "the server is busy (" + capacity + " requests in progress "
                    + "for this model); retry later");
        }
        return places::release;
    }
}
