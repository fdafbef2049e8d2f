package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunRequestTest {
    @Test
    void commandWordsAsAShellSplitsThem() {
        assertEquals(List.of("sh", "-c", "echo 'hi' \"there\"; exit 3"), RunRequest.words("sh -c \"echo 'hi' \\\"there\\\"; exit 3\""));
        assertEquals(List.of("a b", "c ", ""), RunRequest.words("  'a b'   c\\  '' "));
        assertEquals(List.of(), RunRequest.words("   "));
        assertThrows(IllegalArgumentException.class, () -> RunRequest.words("echo 'open"));
    }

    @Test
    void fieldsAreCheckedWithAMessageSayingWhatToWrite() {
        RunRequest r = RunRequest.of("alpine:3.20", " web ", "sleep 5", "A=1\n\n B=two words \n", "8080:80, 127.0.0.1::53/udp", true, "always");
        assertEquals("web", r.name());
        assertEquals(List.of("A=1", "B=two words"), r.env());
        assertEquals(2, r.ports().size());
        assertEquals("80/tcp", r.ports().get(0).getExposedPort().toString());
        assertEquals("53/udp", r.ports().get(1).getExposedPort().toString());
        var env = assertThrows(IllegalArgumentException.class, () -> RunRequest.of("a", "", "", "NOEQUALS", "", false, "no"));
        assertEquals("Environment: write each variable as KEY=VALUE, one a line (not 'NOEQUALS').", env.getMessage());
        var port = assertThrows(IllegalArgumentException.class, () -> RunRequest.of("a", "", "", "", "http", false, "no"));
        assertEquals("Ports: write each as [IP:][HOST_PORT:]PORT[/udp], such as 8080:80 (not 'http').", port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunRequest.of(" ", "", "", "", "", false, "no"));
    }
}
