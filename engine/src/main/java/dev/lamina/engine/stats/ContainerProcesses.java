package dev.lamina.engine.stats;

import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.proc.ProcessTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A running container's processes at one moment, as the host sees them: each guest
 * process of the kernel's table with its host process's figures, and the host
 * processes under them that the kernel never heard of (guest code can fork through
 * the init host's own syscall instruction). A guest process's figures count only if
 * its host process was not yet reaped once they were read (its pidfd says so), so a
 * pid the host has reused since is never taken for it. Host calls: platform threads only.
 */
record ContainerProcesses(List<Guest> guests, List<ProcStat> natives) {
    /** A guest process and its host process's figures. */
    record Guest(GuestProcess process, ProcStat host) {}

    static ContainerProcesses of(Kernel kernel) {
        ProcessTable table = kernel.processes();
        Map<Integer, ProcStat> host = HostProc.all();
        List<Guest> guests = new ArrayList<>();
        try (HostCalls h = new HostCalls()) {
            for (GuestProcess p : table.all()) {
                ProcStat s = p.host() == null ? null : host.get(p.hostPid());
                if (s == null || p.state() == GuestProcess.State.ZOMBIE || p.host().ended(h)) continue;
                guests.add(new Guest(p, s));
                h.release();
            }
        }
        return new ContainerProcesses(guests, natives(guests, host, table));
    }

    /** The host descendants of the guest processes that are not guest processes themselves. */
    private static List<ProcStat> natives(List<Guest> guests, Map<Integer, ProcStat> host, ProcessTable table) {
        Map<Integer, List<ProcStat>> children = new HashMap<>();
        for (ProcStat s : host.values()) children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s);
        Deque<Integer> todo = new ArrayDeque<>();
        Set<Integer> seen = new HashSet<>();
        for (Guest g : guests) if (seen.add(g.host().pid())) todo.add(g.host().pid());
        List<ProcStat> natives = new ArrayList<>();
        while (!todo.isEmpty()) {
            for (ProcStat child : children.getOrDefault(todo.poll(), List.of())) {
                if (!seen.add(child.pid())) continue;
                todo.add(child.pid());
                if (table.byHost(child.pid()) == null && child.state() != 'Z') natives.add(child);
            }
        }
        return natives;
    }

    /** Every host process of the container. */
    List<ProcStat> all() {
        List<ProcStat> all = new ArrayList<>(natives);
        for (Guest g : guests) all.add(g.host());
        return all;
    }
}
