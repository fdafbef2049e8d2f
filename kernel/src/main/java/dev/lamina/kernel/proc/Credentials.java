package dev.lamina.kernel.proc;

import java.util.List;

/** A process's identity as the guest sees it (real, effective, saved and
 * filesystem ids, supplementary groups). Immutable; set* calls make new ones.
 * groups is null until someone asks: then the kernel looks them up in the
 * image (see Kernel#groups). */
public record Credentials(int ruid, int euid, int suid, int fsuid,
                          int rgid, int egid, int sgid, int fsgid, List<Integer> groups) {
    public Credentials {
        groups = groups == null ? null : List.copyOf(groups);
    }

    public static Credentials of(int uid, int gid, List<Integer> groups) {
        return new Credentials(uid, uid, uid, uid, gid, gid, gid, gid, groups);
    }

    public boolean privileged() { return euid == 0; }
}
