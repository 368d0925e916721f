package io.jitfarm.coordinator.store;

/** The store could not do what was asked; the coordinator cannot go on safely without it. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
