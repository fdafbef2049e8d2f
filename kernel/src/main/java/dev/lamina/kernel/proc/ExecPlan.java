package dev.lamina.kernel.proc;

import java.util.List;

/**
 * What an execve resolved: the program (a container path and the node to
 * open), the argument and environment strings, and AT_EXECFN.
 */
public record ExecPlan(String programPath, String execfn, List<String> argv, List<String> envp) {
    public ExecPlan {
        argv = List.copyOf(argv);
        envp = List.copyOf(envp);
    }

    /** The short name Linux shows as comm: the name execve was given, 15 bytes at most. */
    public String comm() {
        String name = execfn.substring(execfn.lastIndexOf('/') + 1);
        return name.length() > 15 ? name.substring(0, 15) : name;
    }
}
