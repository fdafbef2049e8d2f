package dev.lamina.image.http;

import dev.lamina.image.ChunkInputStream;

/** The bytes of one response body as framed on the connection. */
abstract class ResponseBody extends ChunkInputStream {
    /** The whole body has been read, so the next response on the connection starts here. */
    abstract boolean complete();
}
