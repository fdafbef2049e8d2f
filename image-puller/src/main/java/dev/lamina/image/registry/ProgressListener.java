package dev.lamina.image.registry;

/** Told about each blob of a pull, from any of the download threads. */
public interface ProgressListener {
    /** A blob starts (or resumes at {@code already} bytes). */
    void started(String id, String what, long total, long already);

    void advanced(String id, long bytes);

    /**
     * The blob's bytes are all here and match its digest (a layer may still be being
     * unpacked or checked against its diff id); {@link #finished} follows.
     */
    default void verified(String id) {}

    /** The blob is complete; {@code note} says how ("Downloaded", "Already exists"). */
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
