package dev.lamina.cli.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * An X server of the test's own (Xvfb, 1280x800, or the size {@link #start(int, int)} asks) for the app's tests, so that
 * they run the same on a developer's desktop, over ssh and in CI. It becomes this
 * process's DISPLAY (set in the C environment, which GTK reads, before JavaFX starts).
 * It lives as long as this process: killing it under a connected JavaFX makes Xlib
 * exit the JVM, so a shell beside it kills it once this JVM is gone (its standard
 * input, a pipe from here, then ends).
 */
public final class XvfbDisplay {
    /** The shell beside Xvfb, held: its pipes stay open until this process exits. */
    private static Process watchdog;
    /** Its name, ":N": Java's copy of the environment, which child processes get, does not see setenv. */
    private static String display;

    private XvfbDisplay() {}

    /** Starts the display, 1280x800, once per process. */
    public static void start() {
        start(1280, 800);
    }

    /** Starts the display, {@code width} x {@code height}, once per process (a later call gets the first's). */
    public static synchronized void start(int width, int height) {
        if (watchdog != null) return;
        try {
            // -displayfd: Xvfb picks a free display and prints its number once it accepts clients.
            Process p = new ProcessBuilder("sh", "-c",
                    "Xvfb -displayfd 1 -screen 0 " + width + "x" + height + "x24 -nolisten tcp & x=$!; cat > /dev/null; kill $x")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String number = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (number == null) throw new IllegalStateException("Xvfb did not start (install Debian's xvfb package)");
            display = ":" + number.strip();
            setenv("DISPLAY", display);
            watchdog = p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Xvfb (install Debian's xvfb package)", e);
        }
    }

    /** The display's name, for a child process's DISPLAY; {@link #start()} first. */
    public static synchronized String name() {
        if (display == null) throw new IllegalStateException("no display started");
        return display;
    }

    private static void setenv(String name, String value) {
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
            if (rc != 0) throw new IllegalStateException("setenv " + name + " failed");
        } catch (Throwable t) {
            throw new IllegalStateException("setenv " + name, t);
        }
    }
}
