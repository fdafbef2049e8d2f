package dev.lamina.image.http;

import dev.lamina.image.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * A response whose body streams from the connection. Closing it hands the connection
 * back for reuse when the body was read to its end, and closes it otherwise.
 */
public final class Response implements AutoCloseable {
    private static final int DRAIN_LIMIT = 8 << 10;

    private final HttpClient client;
    private final Connection connection;
    private final URI uri;
    private final ResponseHead head;
    private final ResponseBody body;
    private boolean closed;
    /** A read failed: where the next response would start is unknown, so the connection goes. */
    private boolean broken;

    Response(HttpClient client, Connection connection, URI uri, ResponseHead head, ResponseBody body) {
        this.client = client;
        this.connection = connection;
        this.uri = uri;
        this.head = head;
        this.body = body;
    }

    /** The address asked: relative Location headers resolve against it. */
    public URI uri() {
        return uri;
    }

    public int status() {
        return head.status();
    }

    public Headers headers() {
        return head.headers();
    }

    /** The body; closing it closes the response. */
    public InputStream body() {
        return new ChunkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return body.read(b, off, len);
                } catch (IOException e) {
                    broken = true;
                    throw e;
                }
            }

            @Override
            public void close() {
                Response.this.close();
            }
        };
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (head.reusable() && !broken && drained()) client.release(connection);
        else connection.close();
    }

    /** Reads what is left of a short body (an error page, a redirect's) so the connection can be reused. */
    private boolean drained() {
        try {
            byte[] skip = new byte[1024];
            for (int total = 0; !body.complete() && total < DRAIN_LIMIT; ) {
                int n = body.read(skip, 0, skip.length);
                if (n < 0) break;
                total += n;
            }
            return body.complete();
        } catch (IOException e) {
            return false;
        }
    }
}
