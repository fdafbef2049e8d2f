package dev.lamina.image.registry;

/** Told about each blob of a pull or a push, from any of the transfer threads. */
public interface ProgressListener {
    /** The blob is queued, not moving yet; {@code note} says why ("Preparing", "Waiting"). */
    default void waiting(String id, String note) {}

    /** A blob starts (or resumes at {@code already} bytes); {@code what} is "layer" for a download, "upload" for a push. */
    void started(String id, String what, long total, long already);

    void advanced(String id, long bytes);

    /**
     * The blob's bytes are all here and match its digest (a layer may still be being
     * unpacked or checked against its diff id); {@link #finished} follows.
     */
    default void verified(String id) {}

    /** The blob is complete; {@code note} says how ("Pull complete", "Already exists", "Pushed", "Mounted from REPO"). */
    void finished(String id, String note);

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void started(String id, String what, long total, long already) {}

        @Override
        public void advanced(String id, long bytes) {}

        @Override
        public void finished(String id, String note) {}
    };
}
