package dev.lamina.kernel.proc;

import java.util.List;

/**
 * What an execve resolved: the program's container path (as /proc/PID/exe
 * shows it), the argument and environment strings, AT_EXECFN, the ids a
 * set-user-ID or set-group-ID program runs with (-1: the caller's), and
 * whether the caller may read the program (a process running one it may not
 * read is not dumpable). The program itself is held open from the execve on
 * ({@link GuestProcess#prepareExec}): the file checked is the file run.
 */
public record ExecPlan(String programPath, String execfn, List<String> argv, List<String> envp, int setuid, int setgid,
                       boolean readable) {
    public ExecPlan {
        argv = List.copyOf(argv);
        envp = List.copyOf(envp);
    }

    /** The caller's ids as execve leaves them: the program's set ids effective, and saved as Linux saves them;
     * capabilities as Linux gives them with no file capabilities: root's (a real or effective uid 0) permitted
     * set is the process's bounding set, effective when the effective uid is 0; others have none; keep-caps
     * is cleared. With no_new_privs, the program's set ids are ignored, as Linux ignores them then. */
    public Credentials credentials(Credentials c) {
        boolean setIds = !c.noNewPrivs();
        int euid = setuid >= 0 && setIds ? setuid : c.euid(), egid = setgid >= 0 && setIds ? setgid : c.egid();
        long bounding = c.caps().bounding();
        long permitted = c.ruid() == 0 || euid == 0 ? bounding : 0;
        return new Credentials(c.ruid(), euid, euid, euid, c.rgid(), egid, egid, egid, c.groups(),
                new Capabilities(permitted, euid == 0 ? permitted : 0, c.caps().inheritable(), bounding, false), c.noNewPrivs());
    }

    /** The short name Linux shows as comm: the name execve was given, 15 bytes at most. */
    public String comm() {
        String name = execfn.substring(execfn.lastIndexOf('/') + 1);
        return name.length() > 15 ? name.substring(0, 15) : name;
    }
}
