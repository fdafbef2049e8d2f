package dev.lamina.kernel;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test that drives a fresh container for each test method (a subclass's own
 * @BeforeEach runs after this one's, so it can fill the root). */
abstract class ContainerTest {
    @TempDir
    Path dir;
    TestContainer c;

    @BeforeEach
    final void startContainer() throws IOException {
        c = new TestContainer(dir);
    }

    @AfterEach
    final void endContainer() {
        c.close();
    }
}
