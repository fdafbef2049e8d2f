package dev.lamina.kernel.proc;

import java.util.List;

/** A process's identity as the guest sees it (real, effective, saved and
 * filesystem ids, supplementary groups, capabilities, and no_new_privs: once
 * set, set-user-ID programs change no ids, for it and its descendants).
 * Immutable; set* calls make new ones. groups, sorted, is null until someone asks:
 * then the kernel looks them up in the image (see Kernel#groups). */
public record Credentials(int ruid, int euid, int suid, int fsuid,
                          int rgid, int egid, int sgid, int fsgid, List<Integer> groups, Capabilities caps,
                          boolean noNewPrivs) {
    public Credentials {
        // kept in order, as Linux's setgroups sorts them (groups_sort): getgroups, `id` and /proc show them so
        groups = groups == null ? null : groups.stream().sorted(Integer::compareUnsigned).toList();
        if (caps == null) caps = Capabilities.none(0);
    }

    /** A process the kernel starts as this user, root with its container's bounding set. */
    public static Credentials of(int uid, int gid, List<Integer> groups, long bounding, boolean noNewPrivs) {
        return new Credentials(uid, uid, uid, uid, gid, gid, gid, gid, groups,
                uid == 0 ? Capabilities.root(bounding) : Capabilities.none(bounding), noNewPrivs);
    }

    /** Whether the effective set holds this capability (Capabilities' numbers). */
    public boolean capable(int cap) { return caps.has(cap); }

    /**
     * These credentials with other user ids, and the capabilities Linux's rules leave
     * (capabilities(7), "Effect of user ID changes on capabilities"): losing uid 0 from all of
     * the real, effective and saved ids clears the permitted set (unless keep-caps is set) and
     * the effective one; an effective
     * uid leaving 0 clears the effective set, one coming to 0 fills it from the permitted set.
     * The filesystem uid follows the effective one.
     */
    public Credentials withUids(int r, int e, int s) {
        long permitted = caps.permitted(), effective = caps.effective();
        if ((ruid == 0 || euid == 0 || suid == 0) && r != 0 && e != 0 && s != 0) {
            if (!caps.keepCaps()) permitted = 0;
            effective = 0;
        }
        if (euid == 0 && e != 0) effective = 0;
        else if (euid != 0 && e == 0) effective = permitted;
        return new Credentials(r, e, s, e, rgid, egid, sgid, fsgid, groups,
                caps.with(permitted, effective, caps.inheritable()), noNewPrivs);
    }

    /** setfsuid's: a filesystem uid leaving 0 takes the file capabilities out of the effective
     * set, one coming to 0 puts the permitted ones back. */
    public Credentials withFsuid(int fs) {
        long effective = caps.effective();
        if (fsuid == 0 && fs != 0) effective &= ~Capabilities.FS_MASK;
        else if (fsuid != 0 && fs == 0) effective |= caps.permitted() & Capabilities.FS_MASK;
        return new Credentials(ruid, euid, suid, fs, rgid, egid, sgid, fsgid, groups,
                caps.with(caps.permitted(), effective, caps.inheritable()), noNewPrivs);
    }

    /** These credentials with other group ids. */
    public Credentials withGids(int r, int e, int s, int fs) {
        return new Credentials(ruid, euid, suid, fsuid, r, e, s, fs, groups, caps, noNewPrivs);
    }

    public Credentials withGroups(List<Integer> g) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, g, caps, noNewPrivs);
    }

    public Credentials withCaps(Capabilities c) {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, groups, c, noNewPrivs);
    }

    /** PR_SET_NO_NEW_PRIVS: set for good. */
    public Credentials withNoNewPrivs() {
        return new Credentials(ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid, groups, caps, true);
    }
}
