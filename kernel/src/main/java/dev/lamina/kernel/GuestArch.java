package dev.lamina.kernel;

import java.util.Arrays;
import java.util.Locale;

/**
 * The machine a container's programs are built for. Each has its own init host and musl+ (RuntimeFiles);
 * the channel to the kernel is the same for all (the init host translates, lkl-common/src/guest_abi.h), so
 * the kernel only names the architecture: in uname, and where it serves musl+. One that is not the host's
 * runs under an emulator registered with binfmt_misc (qemu-user), which confinement cannot pass through.
 */
public enum GuestArch {
    X86_64("x86_64", "amd64"),
    AARCH64("aarch64", "arm64");

    private final String machine, ociName;

    GuestArch(String machine, String ociName) {
        this.machine = machine;
        this.ociName = ociName;
    }

    /** As uname and ELF tools name it. */
    public String machine() { return machine; }

    /** As OCI image platforms name it. */
    public String ociName() { return ociName; }

    /** Where every container of this architecture finds musl+ (lkl-common's LAMINA_MUSL_PLUS_PATH). */
    public String muslPlusPath() { return "/lib/ld-musl-" + machine + ".so.1"; }

    /** The file name of musl+ in an installation. */
    public String muslPlusFile() { return "ld-musl-" + machine + ".so.1"; }

    /** Whether it is this host's own: programs run natively, and can be confined. */
    public boolean isHost() { return this == host(); }

    /**
     * A guest signal's number on the host. Under qemu-user (an architecture not the host's) real-time
     * signals are two up: qemu 7.2 keeps the host's first two for its own libc (target 32 is host 34).
     */
    public int hostSignal(int sig) {
        return isHost() || sig < 32 ? sig : sig + 2;
    }

    /** The host's architecture, as the JVM names it. */
    public static GuestArch host() {
        String arch = System.getProperty("os.arch");
        return arch.equals("aarch64") || arch.equals("arm64") ? AARCH64 : X86_64;
    }

    /** By an OCI architecture name or a machine name; null if Lamina has none such. */
    public static GuestArch named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.ociName.equals(n) || a.machine.equals(n)).findFirst().orElse(null);
    }
}
