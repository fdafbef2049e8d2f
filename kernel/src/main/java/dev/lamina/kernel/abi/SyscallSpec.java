package dev.lamina.kernel.abi;

import java.util.List;

/** One row of lkl-common/syscalls.tbl for this architecture (generated into Syscalls). */
public record SyscallSpec(String name, int nr, Served served, Level level, boolean returnsFd, List<ArgSpec> args) {
    /** The position of the argument called name. */
    public int index(String argName) {
        for (int i = 0; i < args.size(); i++)
            if (args.get(i).name().equals(argName)) return i;
        throw new IllegalArgumentException(name + " has no argument " + argName);
    }

    public ArgSpec arg(String argName) { return args.get(index(argName)); }

    /** Which request item carries argument i (items travel in argument order). */
    public int item(int i) {
        if (!args.get(i).kind().item()) throw new IllegalArgumentException(name + "'s " + args.get(i).name() + " is no item");
        int item = 0;
        for (int j = 0; j < i; j++) if (args.get(j).kind().item()) item++;
        return item;
    }
}
