package dev.lamina.engine.containers;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container's json-file log held at one moment: its files (the rotated ones, the
 * oldest first, then the current one) opened, each read up to the length it had then. A
 * rotation afterwards moves names, not the files read. Read forward entry by entry, or
 * from the end for the last entries, never held whole in memory: a log may be as large as
 * its rotation lets it be (`--log-opt max-size`, none by default in Docker).
 */
public final class KeptLog implements AutoCloseable {
    private static final int BLOCK = 64 << 10;
    private final List<FileChannel> files;
    private final long[] lengths;

    private KeptLog(List<FileChannel> files) throws IOException {
        this.files = files;
        this.lengths = new long[files.size()];
        for (int i = 0; i < lengths.length; i++) lengths[i] = files.get(i).size();
    }

    /** Nothing kept (`--log-driver none`). */
    public static KeptLog none() {
        try {
            return new KeptLog(List.of());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The log of {@code paths} (the oldest first) as it is now; a file gone meanwhile holds nothing. */
    static KeptLog open(List<Path> paths) throws IOException {
        List<FileChannel> open = new ArrayList<>();
        try {
            for (Path p : paths) {
                try {
                    open.add(FileChannel.open(p, StandardOpenOption.READ));
                } catch (NoSuchFileException gone) {
                    // rotated away, or never written
                }
            }
            return new KeptLog(open);
        } catch (IOException | RuntimeException e) {
            for (FileChannel c : open) c.close();
            throw e;
        }
    }

    /** Each entry, the oldest first. */
    public void forEach(java.util.function.Consumer<LogEntry> each) throws IOException {
        for (int i = 0; i < files.size(); i++) {
            InputStream in = bounded(Channels.newInputStream(files.get(i).position(0)), lengths[i]);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BLOCK);
            for (String line; (line = r.readLine()) != null; ) {
                LogEntry e = JsonFileLog.parse(line);
                if (e != null) each.accept(e);
            }
        }
    }

    /** The last {@code n} entries, the oldest first: read from the end, block by block. */
    public List<LogEntry> last(int n) throws IOException {
        ArrayDeque<LogEntry> out = new ArrayDeque<>();
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        for (int i = files.size() - 1; i >= 0 && out.size() < n; i--) {
            FileChannel f = files.get(i);
            ByteArrayOutputStream rest = new ByteArrayOutputStream(); // a line's end, read before its start
            for (long at = lengths[i]; at > 0 && out.size() < n; ) {
                int len = (int) Math.min(BLOCK, at);
                at -= len;
                block.clear().limit(len);
                while (block.hasRemaining()) if (f.read(block, at + block.position()) < 0) throw new IOException("the log got shorter");
                byte[] b = block.array();
                int end = len;
                for (int j = len - 1; j >= 0 && out.size() < n; j--) {
                    if (b[j] != '\n') continue;
                    take(out, b, j + 1, end, rest);
                    end = j;
                }
                if (out.size() < n) {
                    byte[] before = rest.toByteArray();
                    rest.reset();
                    rest.write(b, 0, end);
                    rest.writeBytes(before);
                }
            }
            if (out.size() < n && rest.size() > 0) take(out, rest.toByteArray(), 0, rest.size(), new ByteArrayOutputStream());
        }
        return new ArrayList<>(out);
    }

    /** The line b[from, to) followed by {@code rest}, before those taken already (blank or unreadable lines count for nothing). */
    private static void take(ArrayDeque<LogEntry> out, byte[] b, int from, int to, ByteArrayOutputStream rest) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(to - from + rest.size());
        line.write(b, from, to - from);
        line.writeBytes(rest.toByteArray());
        rest.reset();
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.isBlank()) return;
        LogEntry e = JsonFileLog.parse(text);
        if (e != null) out.addFirst(e);
    }

    private static InputStream bounded(InputStream in, long length) {
        return new InputStream() {
            long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int c = in.read();
                if (c >= 0) left--;
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        for (FileChannel f : files) f.close();
    }
}
