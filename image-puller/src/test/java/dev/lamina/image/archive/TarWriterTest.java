package dev.lamina.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lamina.image.layer.TarEntry;
import dev.lamina.image.layer.TarReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What TarWriter writes, TarReader reads back the same: names and link targets past ustar's 100 bytes, large ids, every type. */
class TarWriterTest {
    private static TarEntry entry(String name, TarEntry.Type type, long size, String link) {
        return new TarEntry(name, type, 04755, 3_000_000, 7, size, link, 1_700_000_000, type == TarEntry.Type.CHAR_DEVICE ? 1 : 0,
                type == TarEntry.Type.CHAR_DEVICE ? 3 : 0, Map.of());
    }

    @Test
    void everyEntryReadsBackAsWritten() throws Exception {
        String longName = "d/" + "n".repeat(150) + "/é-file";
        byte[] content = "content\n".getBytes(StandardCharsets.UTF_8);
        List<TarEntry> written = List.of(
                entry("d/", TarEntry.Type.DIRECTORY, 0, ""),
                entry(longName, TarEntry.Type.FILE, content.length, ""),
                entry("d/link", TarEntry.Type.SYMLINK, 0, "/" + "t".repeat(200)),
                entry("d/hard", TarEntry.Type.HARDLINK, 0, longName),
                entry("d/null", TarEntry.Type.CHAR_DEVICE, 0, ""),
                entry("d/fifo", TarEntry.Type.FIFO, 0, ""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(out)) {
            for (TarEntry e : written) w.entry(e, new ByteArrayInputStream(content));
        }
        TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()));
        for (TarEntry e : written) {
            TarEntry read = r.next();
            assertEquals(e, read);
            if (e.type() == TarEntry.Type.FILE) assertArrayEquals(content, r.content().readAllBytes());
        }
        assertNull(r.next());
    }
}
