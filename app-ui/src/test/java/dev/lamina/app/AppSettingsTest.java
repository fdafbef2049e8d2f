package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `lamina ui`'s arguments, which the app reads itself (the launcher starts its JVM straight away). */
class AppSettingsTest {
    private static final List<String> LAUNCHED = List.of("--launcher", "/opt/lamina/bin/lamina", "--default-host", "unix:///d/run/engine.sock");

    private static AppSettings parse(String... args) {
        return AppSettings.parse(java.util.stream.Stream.concat(LAUNCHED.stream(), List.of(args).stream()).toList());
    }

    @Test
    void theDataRootsEngineWithTheLauncherToStartIt() {
        assertEquals(new AppSettings(URI.create("unix:///d/run/engine.sock"), Optional.of(Path.of("/opt/lamina/bin/lamina"))), parse());
    }

    @Test
    void anotherEngineInEveryFormOfTheOptionIsNotLaminasToStart() {
        AppSettings other = new AppSettings(URI.create("tcp://127.0.0.1:2375"), Optional.empty());
        assertEquals(other, parse("-H", "tcp://127.0.0.1:2375"));
        assertEquals(other, parse("--host", "tcp://127.0.0.1:2375"));
        assertEquals(other, parse("--host=tcp://127.0.0.1:2375"));
        assertEquals(other, parse("-H=tcp://127.0.0.1:2375"));
        assertEquals(other, parse("-Htcp://127.0.0.1:2375"));
    }

    @Test
    void helpIsAskedForEitherWay() {
        assertThrows(AppSettings.HelpRequested.class, () -> parse("--help"));
        assertThrows(AppSettings.HelpRequested.class, () -> parse("-H", "tcp://h:1", "-h"));
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("unknown argument '--bogus' (see lamina ui --help)",
                assertThrows(IllegalArgumentException.class, () -> parse("--bogus")).getMessage());
        assertEquals("option '--host' needs a value", assertThrows(IllegalArgumentException.class, () -> parse("--host")).getMessage());
        assertEquals("'docker.sock' for -H is not a URI such as unix:///path/to/docker.sock or tcp://host:2375",
                assertThrows(IllegalArgumentException.class, () -> parse("-H", "docker.sock")).getMessage());
    }
}
