package dev.lamina.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.ref.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's merge of an image's config with `docker run`'s choices (no root, no files). */
class ContainerSpecTest {
    private static final ImageConfig IMAGE = image(List.of("/entry.sh"), List.of("serve", "--port", "80"),
            List.of("PATH=/opt/bin:/bin", "LANG=C.UTF-8", "MODE=image"), "/srv", "www:www");
    private static final ImageConfig BARE = image(List.of(), List.of("/bin/sh"), List.of(), "", "");

    @Test
    void theImagesChoicesStandWhenTheUserMakesNone() {
        ContainerSpec s = ContainerSpec.merge(IMAGE, Overrides.NONE, "0123456789ab");
        assertEquals(List.of("/entry.sh", "serve", "--port", "80"), s.command());
        assertEquals(List.of("PATH=/opt/bin:/bin", "LANG=C.UTF-8", "MODE=image"), s.env());
        assertEquals("/srv", s.workdir());
        assertEquals("www:www", s.user());
        assertEquals("0123456789ab", s.hostname());
    }

    @Test
    void defaultsForAnImageThatSetsNothing() {
        ContainerSpec s = ContainerSpec.merge(BARE, Overrides.NONE, "box");
        assertEquals(List.of("/bin/sh"), s.command());
        assertEquals(List.of(), s.env()); // the process's default PATH is processEnv's, not the configuration's
        assertEquals("/", s.workdir());
        assertEquals("", s.user());
    }

    @Test
    void theUsersCmdReplacesTheImagesAndKeepsItsEntrypoint() {
        ContainerSpec s = ContainerSpec.merge(IMAGE, overrides(null, List.of("check"), List.of(), null, null), "h");
        assertEquals(List.of("/entry.sh", "check"), s.command());
    }

    @Test
    void anEntrypointResetsTheImagesCmd() {
        assertEquals(List.of("/bin/date"),
                ContainerSpec.merge(IMAGE, overrides(List.of("/bin/date"), List.of(), List.of(), null, null), "h").command());
        assertEquals(List.of("/bin/date", "-u"),
                ContainerSpec.merge(IMAGE, overrides(List.of("/bin/date"), List.of("-u"), List.of(), null, null), "h").command());
    }

    @Test
    void anEmptyEntrypointRunsTheUsersCmdAlone() {
        Overrides o = overrides(Overrides.argument(""), List.of("sh", "-c", "id"), List.of(), null, null);
        assertEquals(List.of("sh", "-c", "id"), ContainerSpec.merge(IMAGE, o, "h").command());
        // The docker CLI's `--entrypoint ""` is [""]: no entrypoint either (it was run as a program named "").
        Overrides cli = overrides(List.of(""), List.of("echo", "hi"), List.of(), null, null);
        assertEquals(List.of("echo", "hi"), ContainerSpec.merge(IMAGE, cli, "h").command());
        // ... and without a cmd of the user's there is nothing to run: the image's cmd went with its entrypoint.
        ContainerSpecException e = assertThrows(ContainerSpecException.class,
                () -> ContainerSpec.merge(IMAGE, overrides(List.of(), List.of(), List.of(), null, null), "h"));
        assertEquals("no command given, and the image has none", e.getMessage());
    }

    @Test
    void aStringIsOneArgumentNotAShellLine() {
        // Docker's string form (--entrypoint, or a JSON string in the API) is never split on spaces.
        assertEquals(List.of("/bin/echo hello"), Overrides.argument("/bin/echo hello"));
        ContainerSpec s = ContainerSpec.merge(IMAGE, overrides(Overrides.argument("/bin/echo hello"), List.of(), List.of(), null, null), "h");
        assertEquals(List.of("/bin/echo hello"), s.command());
        // An image's shell form, as builders store it, passes through as it is.
        ImageConfig shellForm = image(List.of(), List.of("/bin/sh", "-c", "echo $HOME && exit 3"), List.of(), "", "");
        assertEquals(List.of("/bin/sh", "-c", "echo $HOME && exit 3"), ContainerSpec.merge(shellForm, Overrides.NONE, "h").command());
    }

    @Test
    void envIsTheUsersThenTheImagesOtherKeysAndKeyAloneRemovesOne() {
        Overrides o = overrides(null, List.of(), List.of("MODE=user", "NEW=1", "LANG", "PATH=/x", "HOSTNAME=mine", "EMPTY="), null, null);
        ContainerSpec s = ContainerSpec.merge(IMAGE, o, "h");
        assertEquals(List.of("MODE=user", "NEW=1", "PATH=/x", "HOSTNAME=mine", "EMPTY="), s.env());
        // A key is all of what comes before '=': MODE does not match MODEL.
        ContainerSpec t = ContainerSpec.merge(image(List.of(), List.of("sh"), List.of("MODEL=x", "HOME=/home/www"), "", ""),
                overrides(null, List.of(), List.of("MODE=y"), null, null), "h");
        assertEquals(List.of("MODE=y", "MODEL=x", "HOME=/home/www"), t.env());
    }

    @Test
    void userAndWorkdirOverrideTheImagesAndEmptyMeansUnset() {
        ContainerSpec s = ContainerSpec.merge(IMAGE, overrides(null, List.of(), List.of(), "0:0", "/tmp"), "h");
        assertEquals("0:0", s.user());
        assertEquals("/tmp", s.workdir());
        ContainerSpec t = ContainerSpec.merge(IMAGE, overrides(null, List.of(), List.of(), "", ""), "h");
        assertEquals("www:www", t.user());
        assertEquals("/srv", t.workdir());
    }

    @Test
    void withoutAnImageOnlyTheUsersChoicesCount() {
        ContainerSpec s = ContainerSpec.merge(null, overrides(null, List.of("true"), List.of(), null, null), "h");
        assertEquals(List.of("true"), s.command());
        assertEquals("/", s.workdir());
        assertThrows(ContainerSpecException.class, () -> ContainerSpec.merge(null, Overrides.NONE, "h"));
    }

    @Test
    void badChoicesAreRefusedInWords() {
        assertEquals("the working directory 'tmp' is not an absolute path", assertThrows(ContainerSpecException.class,
                () -> overrides(null, List.of(), List.of(), null, "tmp")).getMessage());
        assertEquals("the working directory 'srv' is not an absolute path", assertThrows(ContainerSpecException.class,
                () -> ContainerSpec.merge(image(List.of(), List.of("sh"), List.of(), "srv", ""), Overrides.NONE, "h")).getMessage());
        assertEquals("an environment entry is KEY=VALUE or KEY, got '=x'", assertThrows(ContainerSpecException.class,
                () -> overrides(null, List.of(), List.of("=x"), null, null)).getMessage());
        assertEquals("a host name has 1 to 64 characters", assertThrows(ContainerSpecException.class,
                () -> new Overrides(null, List.of(), List.of(), null, null, "x".repeat(65), List.of(), false, false)).getMessage());
        assertThrows(ContainerSpecException.class,
                () -> new Overrides(null, List.of(), List.of(), null, null, "", List.of(), false, false));
        assertEquals("an environment entry is KEY=VALUE, got 'LANG'", assertThrows(ContainerSpecException.class,
                () -> new ContainerSpec(List.of("sh"), List.of("LANG"), "/", "", "h", List.of(), false, false)).getMessage());
    }

    @Test
    void terminalCompatAndHostnamePassThrough() {
        Overrides o = new Overrides(null, List.of(), List.of(), null, null, "box", List.of(), true, true);
        ContainerSpec s = ContainerSpec.merge(BARE, o, "unused");
        assertEquals("box", s.hostname());
        assertEquals(true, s.terminal());
        assertEquals(true, s.compat());
        assertEquals(List.of(ContainerSpec.DEFAULT_PATH, "HOSTNAME=box", "TERM=xterm", "HOME=/root"),
                ContainerSpec.processEnv(s.env(), s.terminal(), s.hostname(), () -> "/root"));
    }

    /**
     * What a process gets, as Docker's daemon and runc give it: PATH, HOSTNAME and TERM
     * replaced in place by the container's, HOME from the user's passwd entry when the
     * container sets none (asked only then).
     */
    @Test
    void aProcessGetsHostnameTermAndItsUsersHome() {
        List<String> env = ContainerSpec.merge(IMAGE, overrides(null, List.of(), List.of("A=1"), null, null), "h").env();
        assertEquals(List.of("PATH=/opt/bin:/bin", "HOSTNAME=h", "A=1", "LANG=C.UTF-8", "MODE=image", "HOME=/"),
                ContainerSpec.processEnv(env, false, "h", () -> "/"));
        assertEquals(List.of(ContainerSpec.DEFAULT_PATH, "HOSTNAME=mine", "TERM=vt100", "HOME=/home/www"),
                ContainerSpec.processEnv(List.of("HOME=/home/www", "TERM=vt100", "HOSTNAME=mine"), true, "h", () -> {
                    throw new AssertionError("HOME is set");
                }));
    }

    private static Overrides overrides(List<String> entrypoint, List<String> cmd, List<String> env, String user, String workdir) {
        return new Overrides(entrypoint, cmd, env, user, workdir, null, List.of(), false, false);
    }

    private static ImageConfig image(List<String> entrypoint, List<String> cmd, List<String> env, String workdir, String user) {
        return new ImageConfig(new Platform("linux", "amd64", ""), entrypoint, cmd, env, workdir, user, List.of(), "", null);
    }
}
