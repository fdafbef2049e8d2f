package dev.lamina.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.image.ImageException;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -u as Docker reads it, looked up in the root's own /etc files. */
class ContainerUserTest {
    @TempDir Path root;

    @BeforeEach
    void etc() throws IOException {
        Files.createDirectory(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nwww:x:33:34:www:/var/www:/bin/false\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nweb:x:34:\nstaff:x:50:www\n");
    }

    @Test
    void byNameAndById() {
        assertEquals(ContainerUser.ROOT, ContainerUser.resolve("", root));
        assertEquals(ContainerUser.ROOT, ContainerUser.resolve(null, root));
        assertEquals(new ContainerUser(33, 34), ContainerUser.resolve("www", root));
        assertEquals(new ContainerUser(33, 50, true), ContainerUser.resolve("www:staff", root));
        assertEquals(new ContainerUser(33, 34), ContainerUser.resolve("33", root));
        assertEquals(new ContainerUser(1000, 0), ContainerUser.resolve("1000", root)); // not listed: group 0
        assertEquals(new ContainerUser(1000, 7, true), ContainerUser.resolve("1000:7", root));
        // an empty part, as runc reads it: the user root, the group the user's (refused before)
        assertEquals(new ContainerUser(33, 34), ContainerUser.resolve("www:", root));
        assertEquals(new ContainerUser(1000, 0), ContainerUser.resolve("1000:", root));
        assertEquals(new ContainerUser(0, 50, true), ContainerUser.resolve(":50", root));
        assertEquals(new ContainerUser(0, 0), ContainerUser.resolve(":", root));
    }

    @Test
    void unknownNamesAndBadIdsAreRefused() {
        assertEquals("user 'nobody' is not in the image's /etc/passwd",
                assertThrows(ImageException.class, () -> ContainerUser.resolve("nobody", root)).getMessage());
        assertEquals("group 'nogroup' is not in the image's /etc/group",
                assertThrows(ImageException.class, () -> ContainerUser.resolve("www:nogroup", root)).getMessage());
        assertEquals("user '99999999999': bad id '99999999999'",
                assertThrows(ImageException.class, () -> ContainerUser.resolve("99999999999", root)).getMessage());
        assertEquals("user '-5': uids and gids must be in range 0-2147483647",
                assertThrows(ImageException.class, () -> ContainerUser.resolve("-5", root)).getMessage());
    }

    @Test
    void aSymlinkedEtcFileIsNotRead() throws IOException {
        Files.delete(root.resolve("etc/passwd"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/passwd"));
        assertEquals("the image has no plain /etc/passwd to look users up in",
                assertThrows(ImageException.class, () -> ContainerUser.resolve("root", root)).getMessage());
    }

    @Test
    void theSpecsConfigCarriesTheResolvedIds() {
        ContainerSpec spec = ContainerSpec.merge(null, new Overrides(null, List.of("id"), List.of(), "www", "/var/www",
                "box", List.of(), false, false), "h");
        ContainerConfig c = spec.config(root, root.resolve("state"), Confinement.HOST_NETWORK);
        assertEquals(33, c.uid());
        assertEquals(34, c.gid());
        assertEquals(List.of("id"), c.command());
        assertEquals("/var/www", c.workdir());
        assertEquals("box", c.hostname());
    }
}
