package dev.lamina.image.registry;

import dev.lamina.image.http.Request;
import dev.lamina.image.http.Response;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.URI;

/**
 * One endpoint of the distribution API, described apart from how it is reached
 * (as Jib's RegistryEndpointProvider): where the request goes, which headers it
 * carries, and what its answer means. {@link RegistryClient} sends it, answering
 * auth challenges and following redirects.
 */
interface RegistryEndpoint<T> {
    /** The request's address, given the registry's base (https://host or http://host). */
    URI uri(String base);

    /** Headers this endpoint adds (Accept, Range). */
    default Request prepare(Request request) {
        return request;
    }

    /** What the answer holds, or an {@link dev.lamina.image.ImageException} naming what went wrong. */
    T handle(Response response) throws IOException;

    /** The repository's API path: BASE/v2/NAME/PATH. */
    static URI repositoryUri(String base, ImageReference image, String path) {
        return URI.create(base + "/v2/" + image.repository() + path);
    }
}
