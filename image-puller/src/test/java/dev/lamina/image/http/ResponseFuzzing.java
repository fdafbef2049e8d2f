package dev.lamina.image.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The fuzz target's way into the response parser: a response's bytes may only be refused with an IOException. */
public final class ResponseFuzzing {
    private ResponseFuzzing() {}

    public static void parse(byte[] response) {
        InputStream in = new ByteArrayInputStream(response);
        try {
            ResponseHead head = Http1Codec.readHead(in);
            try (ResponseBody body = Http1Codec.body(in, head, false)) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            // refused: the expected outcome for most inputs
        }
    }
}
