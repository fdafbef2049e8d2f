import dev.lamina.image.layer.Decompression;
import dev.lamina.image.layer.LayerUnpacker;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.layer.TarEntry;
import dev.lamina.image.layer.TarReader;
import dev.lamina.image.store.Trees;
import dev.lamina.image.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Lamina's tar reader against commons-compress's TarArchiveInputStream (bench/tar-readers.sh
 * runs both modes):
 *
 *   java TarReaders.java speed RUNS LAYER...   per layer, the median ms over RUNS (after five
 *       warm-ups) to decompress and read every entry and its content with each reader, their
 *       ratio (today / commons, >= 1: commons is as fast), and Lamina's whole unpack of it;
 *   java -Xmx256m TarReaders.java refusals     what each reader does with hostile tar streams.
 *
 * The unpacker's other work (making files, modes, owners) is the same whichever reader feeds
 * it, so the reading ratio is a lower bound on the unpacking ratio.
 */
public class TarReaders {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("speed")) speed(Integer.parseInt(args[1]), List.of(args).subList(2, args.length));
        else refusals();
    }

    // ---- speed ----

    private interface Timed { void run() throws IOException; }

    private static void speed(int runs, List<String> layers) throws IOException {
        System.out.printf("%-40s %10s %10s %7s %10s%n", "layer (ms, median)", "TarReader", "commons", "ratio", "unpack");
        for (String name : layers) {
            Path layer = Path.of(name);
            // Warmed up alike, then run in turns, so neither gains from the JIT or the page cache.
            for (int i = 0; i < 5; i++) {
                readWithTarReader(layer);
                readWithCommons(layer);
            }
            List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>(), unpack = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                ours.add(time(() -> readWithTarReader(layer)));
                theirs.add(time(() -> readWithCommons(layer)));
            }
            unpack(layer);
            for (int r = 0; r < runs; r++) unpack.add(time(() -> unpack(layer)));
            System.out.printf("%-40s %10.1f %10.1f %7.2f %10.1f%n", layer.getFileName(), median(ours), median(theirs),
                    median(ours) / median(theirs), median(unpack));
        }
    }

    private static double time(Timed t) throws IOException {
        long start = System.nanoTime();
        t.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static InputStream open(Path layer) throws IOException {
        return Decompression.open(Files.newInputStream(layer), Limits.defaults(), layer.toString());
    }

    /** Every entry's header fields and content, as the unpacker reads them. */
    private static long readWithTarReader(Path layer) throws IOException {
        byte[] buf = new byte[1 << 16];
        long sum = 0;
        try (InputStream in = open(layer)) {
            TarReader tar = new TarReader(in);
            for (TarEntry e; (e = tar.next()) != null; ) {
                sum += e.name().length() + e.linkName().length() + e.mode() + e.uid() + e.mtime() + e.xattrs().size();
                InputStream content = tar.content();
                for (int n; (n = content.read(buf)) > 0; ) sum += n;
            }
        }
        return sum;
    }

    private static long readWithCommons(Path layer) throws IOException {
        byte[] buf = new byte[1 << 16];
        long sum = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(open(layer))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                sum += e.getName().length() + e.getLinkName().length() + e.getMode() + e.getLongUserId() + e.getModTime().getTime()
                        + e.getExtraPaxHeaders().size();
                for (int n; (n = tar.read(buf)) > 0; ) sum += n;
            }
        }
        return sum;
    }

    private static void unpack(Path layer) throws IOException {
        Path work = Files.createTempDirectory("lamina-tar-bench");
        try (InputStream in = open(layer)) {
            LayerUnpacker.unpack(in, Files.createDirectory(work.resolve("root")), Trees.ROOT, Limits.defaults());
        } finally {
            Trees.delete(work);
        }
    }

    // ---- refusals ----

    private static void refusals() {
        Map<String, Supplier<InputStream>> cases = new LinkedHashMap<>();
        byte[] badSum = new TarBuilder().file("f", "x").end();
        badSum[10] ^= 1;
        cases.put("header checksum wrong", bytes(badSum));
        cases.put("size negative (base-256)", bytes(withHeader(new TarBuilder().file("f", "").end(), h -> {
            h[124] = (byte) 0xff;
            for (int i = 125; i < 136; i++) h[i] = (byte) 0xff;
        })));
        cases.put("PAX size=-1", bytes(new TarBuilder().pax("size", "-1").file("f", "").end()));
        cases.put("GNU sparse file (type S)", bytes(new TarBuilder().entry("f", 'S', new byte[0], "", 0644).end()));
        cases.put("unknown type Z", bytes(new TarBuilder().entry("f", 'Z', new byte[0], "", 0644).end()));
        cases.put("NUL inside a PAX path", bytes(new TarBuilder().pax("path", "a\0b").file("f", "").end()));
        cases.put("PAX path of 5000 characters", bytes(new TarBuilder().pax("path", "p".repeat(5000)).file("f", "").end()));
        TarBuilder manySmall = new TarBuilder();
        for (int i = 0; i < 40; i++) manySmall.pax("comment" + i, "x".repeat(30_000));
        cases.put("40 PAX headers of 30 kB before one entry", bytes(manySmall.file("f", "").end()));
        TarBuilder chain = new TarBuilder();
        for (int i = 0; i < 50_000; i++) chain.entry("PaxHeaders/x", 'x', new byte[0], "", 0644);
        cases.put("50,000 empty PAX headers before one entry", bytes(chain.file("f", "").end()));
        cases.put("GNU long name of 300 MiB", huge('L', 300 << 20, 'n'));
        cases.put("PAX record of 300 MiB", huge('x', 300 << 20, 'c'));
        cases.put("truncated inside a file", bytes(java.util.Arrays.copyOf(new TarBuilder().file("f", "y".repeat(5000)).unfinished(), 2048)));
        System.out.printf("%-44s | %-50s | %s%n", "hostile tar (heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB)",
                "TarReader", "commons-compress");
        cases.forEach((what, input) -> System.out.printf("%-44s | %-50s | %s%n", what,
                outcome(() -> drainTarReader(input.get())), outcome(() -> drainCommons(input.get()))));
    }

    private static String outcome(Timed read) {
        try {
            read.run();
            return "accepted";
        } catch (IOException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            return "refused: " + (m.length() > 40 ? m.substring(0, 40) + "..." : m);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return e.getClass().getSimpleName();
        }
    }

    private static void drainTarReader(InputStream in) throws IOException {
        TarReader tar = new TarReader(in);
        while (tar.next() != null) tar.content().transferTo(OutputSink.INSTANCE);
    }

    private static void drainCommons(InputStream in) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            while (tar.getNextEntry() != null) tar.transferTo(OutputSink.INSTANCE);
        }
    }

    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }

    private static Supplier<InputStream> bytes(byte[] tar) {
        return () -> new ByteArrayInputStream(tar);
    }

    /** The archive with its first header changed by {@code change} and its checksum made right again. */
    private static byte[] withHeader(byte[] tar, java.util.function.Consumer<byte[]> change) {
        change.accept(tar);
        for (int i = 148; i < 156; i++) tar[i] = ' ';
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += tar[i] & 0xff;
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, tar, 148, 8);
        return tar;
    }

    /**
     * A GNU long name ('L') or PAX header ('x') of {@code size} bytes, then a file: made as it
     * is read, so only a reader that holds the header in memory needs the memory.
     */
    private static Supplier<InputStream> huge(char type, int size, char fill) {
        return () -> {
            byte[] prefix = type == 'x' ? (size + " comment=").getBytes(StandardCharsets.US_ASCII) : new byte[0];
            int body = size - prefix.length - (type == 'x' ? 1 : 0);
            byte[] suffix = type == 'x' ? new byte[] {'\n'} : new byte[0];
            InputStream filled = new InputStream() {
                private long left = body;

                @Override
                public int read() {
                    return left-- > 0 ? fill : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left <= 0) return -1;
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) fill);
                    left -= n;
                    return n;
                }
            };
            List<InputStream> parts = List.of(new ByteArrayInputStream(TarBuilder.header("././@LongLink", type, size, "", 0644)),
                    new ByteArrayInputStream(prefix), filled, new ByteArrayInputStream(suffix),
                    new ByteArrayInputStream(new byte[(512 - size % 512) % 512]),
                    new ByteArrayInputStream(new TarBuilder().file("f", "").end()));
            return new SequenceInputStream(Collections.enumeration(parts));
        };
    }
}
