package dev.lamina.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.engine.containers.Frames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Docker's multiplexed stream taken apart, however the bytes arrive. */
class MultiplexedStreamTest {
    private static byte[] frames(Object... streamsAndTexts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < streamsAndTexts.length; i += 2)
            all.writeBytes(Frames.frame((Integer) streamsAndTexts[i], ((String) streamsAndTexts[i + 1]).getBytes(StandardCharsets.UTF_8)));
        return all.toByteArray();
    }

    /** A body that comes a byte at a time: headers and payloads split anywhere. */
    private static InputStream trickling(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void stdoutAndStderrGoApartAndTheEnginesErrorsToStderr() throws IOException {
        byte[] body = frames(Frames.STDOUT, "out 1\n", Frames.STDERR, "err\n", Frames.STDOUT, "", Frames.STDOUT, "out 2\n",
                Frames.SYSTEM_ERROR, "cannot read the log\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        MultiplexedStream.copy(trickling(body), out, err);
        assertEquals("out 1\nout 2\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("err\ncannot read the log\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFrameCutShortIsAnError() {
        byte[] body = frames(Frames.STDOUT, "whole\n");
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 2);
        assertThrows(EOFException.class, () -> MultiplexedStream.copy(new ByteArrayInputStream(cut), new ByteArrayOutputStream(),
                new ByteArrayOutputStream()));
    }
}
