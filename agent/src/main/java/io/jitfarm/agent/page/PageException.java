package io.jitfarm.agent.page;

/** A command the page did not complete, and why: the caller treats each reason differently. */
public final class PageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The page answered {@code error}: the command was bad or failed; the page is fine. */
        ANSWERED_ERROR,
        /** No answer in time: whatever runs in the page may be stuck; reload it before going on. */
        TIMEOUT,
        /** The page is gone (browser closed, crashed or killed). */
        LOST
    }

    private final Reason reason;

    public PageException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
