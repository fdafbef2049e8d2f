package dev.lamina.image.store;

/** Why an image without a name is kept in the store. */
public enum HoldReason {
    /** A build's result given no tag, or a commit given no name: listed as {@code <none>:<none>} until named or removed. */
    UNTAGGED,
    /** An intermediate image of a build, which later builds may answer a step with: found by id, never listed. */
    BUILD_STEP
}
