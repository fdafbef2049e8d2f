package dev.lamina.kernel.ipc;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.Capabilities;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * System V shared memory segments. Each is a memfd of the kernel's, sealed
 * at its size; shmat hands the guest a descriptor of it (a read-only one
 * for SHM_RDONLY) which its init host maps. The kernel keeps each
 * process's attachments, as Linux's vmas count them in shm_nattch: a fork
 * inherits them, an exec or the process's end drops them.
 */
final class SharedMemory {
    private final IpcIds<Segment> ids = new IpcIds<>(IpcLimits.SHMMNI);
    /** Every namespace's segments together: each holds a descriptor of the JVM, which all containers share. */
    private static final java.util.concurrent.atomic.AtomicInteger ALL = new java.util.concurrent.atomic.AtomicInteger();
    private static final int ALL_MAX = IpcLimits.SHMMNI;
    /** A process's attachments at most: Linux's vm.max_map_count bounds its mappings. */
    private static final int ATTACHMENTS_MAX = 65530;
    /** Each process's attachments; one with address 0 is being mapped (between SHMAT and SHM_ATTACHED). */
    private final Map<Integer, List<Attachment>> attached = new HashMap<>();
    private long pages;

    private static final class Segment extends IpcObject {
        final long size;
        final int memfd;
        long atime, dtime;
        int cpid, lpid, nattch;

        Segment(Task t, int key, int flags, long size, int memfd) {
            super(t, key, flags);
            this.size = size;
            this.memfd = memfd;
            this.cpid = t.process().pid();
        }

        long pages() { return (size + IpcLimits.PAGE - 1) / IpcLimits.PAGE; }
    }

    /** A segment mapped at address, size bytes of it (the whole, rounded to pages, unless a remap covered part). */
    private static final class Attachment {
        final Segment segment;
        long address, size;

        Attachment(Segment segment, long address, long size) {
            this.segment = segment;
            this.address = address;
            this.size = size;
        }
    }

    private static long mapped(Segment s) { return (s.size + IpcLimits.PAGE - 1) & -IpcLimits.PAGE; }

    synchronized long get(Task t, int key, long size, int flags) {
        return ids.get(t, key, flags, s -> Long.compareUnsigned(s.size, size) < 0 ? -Errno.EINVAL : 0, () -> {
            if (Long.compareUnsigned(size, IpcLimits.SHMMIN) < 0 || Long.compareUnsigned(size, IpcLimits.SHMMAX) > 0)
                throw new IpcIds.Refusal(Errno.EINVAL);
            long more = (size + IpcLimits.PAGE - 1) / IpcLimits.PAGE;
            if (Long.compareUnsigned(pages + more, IpcLimits.SHMALL) > 0) throw new IpcIds.Refusal(Errno.ENOSPC);
            if (ALL.incrementAndGet() > ALL_MAX) {
                ALL.decrementAndGet();
                throw new IpcIds.Refusal(Errno.ENOSPC);
            }
            try {
                if ((flags & Flags.SHM_NORESERVE) == 0 && !committable(t.host(), size)) throw new IpcIds.Refusal(Errno.ENOMEM);
                Segment s = new Segment(t, key, flags, size, memfd(t.host(), key, size, flags));
                pages += s.pages();
                return s;
            } catch (IpcIds.Refusal r) {
                ALL.decrementAndGet();
                throw r;
            }
        });
    }

    /** Linux's heuristic overcommit, which a segment is charged to unless SHM_NORESERVE: no more than the
     * machine's memory and swap together. */
    private static boolean committable(HostCalls h, long size) {
        MemorySegment info = h.scratch(Layouts.SYSINFO_SIZE);
        if (h.syscall(Sysno.SYSINFO, info.address()) != 0) return true;
        long unit = Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT, Layouts.SYSINFO_MEM_UNIT));
        long total = info.get(ValueLayout.JAVA_LONG, Layouts.SYSINFO_TOTALRAM) + info.get(ValueLayout.JAVA_LONG, Layouts.SYSINFO_TOTALSWAP);
        return Long.compareUnsigned(size / Math.max(1, unit), total) <= 0;
    }

    /** A memfd of size bytes that can grow or shrink no more, and that only its owner may open again, for
     * reading: a guest holding it (the host's user, without capabilities) can do what shmat lets it, no more.
     * (A memfd is 0777: a read-only one, opened again through /proc/self/fd for writing, would write.) */
    private static int memfd(HostCalls h, int key, long size, int flags) throws IpcIds.Refusal {
        String name = String.format("SYSV%08x", key);
        int mfd = Flags.MFD_CLOEXEC | Flags.MFD_ALLOW_SEALING | ((flags & Flags.SHM_HUGETLB) != 0 ? Flags.MFD_HUGETLB : 0);
        long fd = h.syscall(Sysno.MEMFD_CREATE, h.cstring(name).address(), mfd);
        if (fd < 0) throw new IpcIds.Refusal(fd == -Errno.EINVAL ? Errno.EINVAL : Errno.ENOMEM);
        long r = h.syscall(Sysno.FTRUNCATE, fd, size);
        // Huge pages are reserved as Linux's shmget reserves them: none free is ENOMEM now, not SIGBUS later.
        if (r >= 0 && (flags & Flags.SHM_HUGETLB) != 0 && h.syscall(Sysno.FALLOCATE, fd, 0, 0, size) < 0) r = -Errno.ENOMEM;
        if (r >= 0) r = h.syscall(Sysno.FCHMOD, fd, 0400);
        if (r >= 0) r = h.syscall(Sysno.FCNTL, fd, Flags.F_ADD_SEALS, Flags.F_SEAL_SHRINK | Flags.F_SEAL_GROW | Flags.F_SEAL_SEAL);
        if (r < 0) {
            h.syscall(Sysno.CLOSE, fd);
            throw new IpcIds.Refusal(r == -Errno.EFBIG || r == -Errno.EINVAL ? Errno.EINVAL : Errno.ENOMEM);
        }
        return (int) fd;
    }

    /** shmat's first half: the segment's size, a descriptor of it in the reply, and the attachment counted. */
    synchronized long attach(Task t, int id, int flags, Reply out) {
        Segment s = ids.byId(id);
        if (s == null) return -Errno.EINVAL;
        boolean readOnly = (flags & Flags.SHM_RDONLY) != 0;
        int want = IpcObject.READ | (readOnly ? 0 : IpcObject.WRITE) | ((flags & Flags.SHM_EXEC) != 0 ? IpcObject.EXECUTE : 0);
        if (!s.permits(t, want)) return -Errno.EACCES;
        List<Attachment> mine = attached.computeIfAbsent(t.process().pid(), p -> new ArrayList<>());
        if (mine.size() >= ATTACHMENTS_MAX) return -Errno.ENOMEM;
        HostCalls h = t.host();
        long fd = readOnly
                ? h.syscall(Sysno.OPENAT, -100, h.cstring("/proc/self/fd/" + s.memfd).address(), Flags.O_RDONLY | Flags.O_CLOEXEC)
                : h.syscall(Sysno.FCNTL, s.memfd, Flags.F_DUPFD_CLOEXEC, 0);
        if (fd < 0) return fd == -Errno.EMFILE || fd == -Errno.ENFILE ? fd : -Errno.ENOMEM;
        out.fd((int) fd, true);
        mine.add(new Attachment(s, 0, mapped(s)));
        s.nattch++;
        s.atime = IpcIds.now();
        s.lpid = t.process().pid();
        return s.size;
    }

    /** shmat's second half: where the init host mapped the segment, or 0 when it could not. */
    synchronized long attached(Task t, int id, long address) {
        List<Attachment> mine = attached.getOrDefault(t.process().pid(), List.of());
        for (Attachment a : mine)
            if (a.address == 0 && a.segment.id == id) {
                if (address != 0) {
                    // SHM_REMAP over another segment's mapping there: what it covered is gone, the rest stays.
                    for (Attachment old : List.copyOf(mine))
                        if (old != a && old.address == address) {
                            if (old.size > a.size) {
                                old.address += a.size;
                                old.size -= a.size;
                                continue;
                            }
                            mine.remove(old);
                            detached(old.segment, t.process().pid(), t.host());
                        }
                    a.address = address;
                } else {
                    mine.remove(a);
                    detached(a.segment, t.process().pid(), t.host());
                }
                return 0;
            }
        return -Errno.EINVAL;
    }

    /** shmdt: the size mapped at address, which the init host unmaps. */
    synchronized long detach(Task t, long address) {
        List<Attachment> mine = attached.getOrDefault(t.process().pid(), List.of());
        for (Attachment a : mine)
            if (a.address == address && address != 0) {
                mine.remove(a);
                detached(a.segment, t.process().pid(), t.host());
                return a.size;
            }
        return -Errno.EINVAL;
    }

    /** shm_close: one mapping fewer; a removed segment goes with its last. */
    private void detached(Segment s, int pid, HostCalls h) {
        s.nattch--;
        s.dtime = IpcIds.now();
        s.lpid = pid;
        if (s.nattch == 0 && (s.mode & Flags.SHM_DEST) != 0) destroy(s, h);
    }

    private void destroy(Segment s, HostCalls h) {
        ids.remove(s);
        pages -= s.pages();
        h.syscall(Sysno.CLOSE, s.memfd);
        ALL.decrementAndGet();
    }

    /** A fork's child has its parent's mappings, counted as the parent's doing (Linux's shm_open runs in it). */
    synchronized void forked(int parent, int child) {
        List<Attachment> theirs = attached.get(parent);
        if (theirs == null) return;
        List<Attachment> copy = new ArrayList<>();
        for (Attachment a : theirs)
            if (a.address != 0) {
                copy.add(new Attachment(a.segment, a.address, a.size));
                a.segment.nattch++;
                a.segment.atime = IpcIds.now();
                a.segment.lpid = parent;
            }
        if (!copy.isEmpty()) attached.put(child, copy);
    }

    /** An exec or the process's end: its mappings are gone. */
    synchronized void dropped(int pid, HostCalls h) {
        List<Attachment> mine = attached.remove(pid);
        if (mine != null) for (Attachment a : mine) detached(a.segment, pid, h);
    }

    synchronized long control(Task t, int id, int cmd, byte[] in, Reply out) {
        switch (cmd) {
            case Flags.IPC_INFO -> {
                MemorySegment m = MemorySegment.ofArray(new byte[Layouts.SHMINFO_SIZE]);
                long[] info = {IpcLimits.SHMMAX, IpcLimits.SHMMIN, IpcLimits.SHMMNI, IpcLimits.SHMMNI, IpcLimits.SHMALL};
                for (int i = 0; i < info.length; i++) m.set(ValueLayout.JAVA_LONG_UNALIGNED, 8L * i, info[i]);
                out.item(m.toArray(ValueLayout.JAVA_BYTE));
                return ids.maxIndex();
            }
            case Flags.SHM_INFO -> {
                MemorySegment m = MemorySegment.ofArray(new byte[Layouts.SHM_INFO_SIZE]);
                m.set(ValueLayout.JAVA_INT_UNALIGNED, 0, ids.count());
                m.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, pages);
                m.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, resident(t.host()));
                out.item(m.toArray(ValueLayout.JAVA_BYTE));
                return ids.maxIndex();
            }
            case Flags.IPC_STAT, Flags.SHM_STAT, Flags.SHM_STAT_ANY -> {
                return ids.stat(t, id, cmd != Flags.IPC_STAT, cmd == Flags.SHM_STAT_ANY, SharedMemory::stat, out);
            }
            default -> { }
        }
        Segment s = ids.byId(id);
        if (s == null) return -Errno.EINVAL;
        switch (cmd) {
            case Flags.IPC_SET -> {
                if (in.length != Layouts.SHMID_DS_SIZE) return -Errno.EFAULT;
                if (!s.changeableBy(t)) return -Errno.EPERM;
                return s.setPerm(MemorySegment.ofArray(in));
            }
            case Flags.IPC_RMID -> {
                if (!s.changeableBy(t)) return -Errno.EPERM;
                if (s.nattch == 0) {
                    destroy(s, t.host());
                } else {
                    s.mode |= Flags.SHM_DEST;
                    ids.forgetKey(s);
                }
                return 0;
            }
            case Flags.SHM_LOCK, Flags.SHM_UNLOCK -> {
                int euid = t.process().credentials().euid();
                if (!t.process().credentials().capable(Capabilities.IPC_LOCK) && euid != s.uid && euid != s.cuid) return -Errno.EPERM;
                s.mode = cmd == Flags.SHM_LOCK ? s.mode | Flags.SHM_LOCKED : s.mode & ~Flags.SHM_LOCKED;
                return 0;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }

    /** The pages the segments' memory holds (a page never touched takes none). */
    private long resident(HostCalls h) {
        long pages = 0;
        for (Segment s : ids.all()) pages += resident(h, s);
        return pages;
    }

    private static long resident(HostCalls h, Segment s) {
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        if (h.syscall(Sysno.FSTAT, s.memfd, st.address()) != 0) return 0;
        return st.get(ValueLayout.JAVA_LONG, Layouts.STAT_BLOCKS) * 512 / IpcLimits.PAGE;
    }

    /** /proc/sysvipc/shm (Linux's sysvipc_shm_proc_show); rss and swap in bytes. */
    synchronized String proc(HostCalls h) {
        StringBuilder b = new StringBuilder("       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid"
                + "      atime      dtime      ctime                   rss                  swap\n");
        for (Segment s : ids.all())
            b.append(String.format(java.util.Locale.ROOT, "%10d %10d  %4o %21s %5d %5d  %5d %5d %5d %5d %5d %10d %10d %10d %21d %21d%n",
                    s.key, s.id, s.mode, Long.toUnsignedString(s.size), s.cpid, s.lpid, s.nattch, s.uid, s.gid, s.cuid, s.cgid,
                    s.atime, s.dtime, s.ctime, resident(h, s) * IpcLimits.PAGE, 0));
        return b.toString();
    }

    private static byte[] stat(Segment s) {
        MemorySegment m = MemorySegment.ofArray(new byte[Layouts.SHMID_DS_SIZE]);
        s.writePerm(m);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.SHMID_SEGSZ, s.size);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.SHMID_ATIME, s.atime);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.SHMID_DTIME, s.dtime);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.SHMID_CTIME, s.ctime);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.SHMID_CPID, s.cpid);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.SHMID_LPID, s.lpid);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.SHMID_NATTCH, s.nattch);
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    synchronized void close(HostCalls h) {
        for (Segment s : ids.all()) destroy(s, h);
        attached.clear();
    }
}
