package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.exception.ConflictException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailureTest {
    @Test
    void theEnginesOwnMessageAndWhatToDoNext() {
        // docker-java puts "Status 409: " before the body it got.
        Failure f = Failure.of("remove image alpine:3.20", new ConflictException(
                "{\"message\":\"conflict: unable to remove repository reference \\\"alpine:3.20\\\" (must force)\"}\n"));
        assertEquals("Could not remove image alpine:3.20", f.what());
        assertEquals("conflict: unable to remove repository reference \"alpine:3.20\" (must force)", f.why());
        assertEquals("Something still uses it: remove or stop that first (see the message), then try again.", f.next());
    }

    @Test
    void aStoppedContainerIsToBeStarted() {
        Failure f = Failure.of("open a shell in the container", new ConflictException(
                "{\"message\":\"Container d3da86318efd is not running\"}\n"));
        assertEquals("Container d3da86318efd is not running", f.why());
        assertEquals("Start it, then try again.", f.next());
    }

    @Test
    void noEngineSaysWhereToStartIt() {
        Failure f = Failure.of("list the containers", new RuntimeException(new IOException(new ConnectException("Connection refused"))));
        assertEquals("The engine does not answer.", f.why());
        assertEquals("Start the engine on the Engine tab (Ctrl+1), or check DOCKER_HOST, then try again.", f.next());
    }
}
