package dev.lamina.image.registry;

import java.net.URI;

/** The answer to starting a blob upload: the blob was mounted from another repository, or an upload session is open. */
sealed interface UploadStart {
    /** The registry linked the blob from the repository named in the request: nothing to send. */
    record Mounted() implements UploadStart {}

    /** An upload session: PATCH and PUT go to {@code location}, which changes with each answer. */
    record Session(URI location) implements UploadStart {}
}
