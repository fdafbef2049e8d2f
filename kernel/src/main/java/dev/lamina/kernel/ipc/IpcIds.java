package dev.lamina.kernel.ipc;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.channel.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One kind's objects in a namespace, numbered as Linux numbers them: an
 * id is an index (taken in turn, wrapping round) plus IPCMNI times a
 * sequence number that grows each time the indexes wrap, so the first
 * object is 0 and a removed object's id is not soon given again. Used under
 * its owner's lock.
 */
final class IpcIds<T extends IpcObject> {
    private final TreeMap<Integer, T> byIndex = new TreeMap<>();
    private final Map<Integer, T> byKey = new HashMap<>();
    private final int max;
    private int lastIndex = -1, seq;

    IpcIds(int max) { this.max = max; }

    static long now() { return System.currentTimeMillis() / 1000; }

    /** How a get call makes a new object, or says why it cannot (a negative errno). */
    interface Maker<T> {
        T make() throws Refusal;
    }

    /** A get call's refusal, with its errno. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int errno;
        Refusal(int errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }

    /** An existing object's further check in a get call (a size or count larger than it has): 0 or -errno. */
    interface Check<T> {
        long check(T existing);
    }

    /** shmget, semget, msgget (ipcget): the object with key, or a new one. */
    long get(Task t, int key, int flags, Check<T> check, Maker<T> maker) {
        T found = key == IpcObject.PRIVATE ? null : byKey.get(key);
        if (found == null) {
            if (key != IpcObject.PRIVATE && (flags & Flags.IPC_CREAT) == 0) return -Errno.ENOENT;
            if (byIndex.size() >= max) return -Errno.ENOSPC;
            try {
                return add(maker.make());
            } catch (Refusal r) {
                return -r.errno;
            }
        }
        if ((flags & Flags.IPC_CREAT) != 0 && (flags & Flags.IPC_EXCL) != 0) return -Errno.EEXIST;
        long checked = check.check(found);
        if (checked < 0) return checked;
        return found.permits(t, flags & 0777) ? found.id : -Errno.EACCES;
    }

    private int add(T o) {
        int index = lastIndex + 1;
        while (byIndex.containsKey(index % IpcLimits.IPCMNI)) index++;
        index %= IpcLimits.IPCMNI;
        if (index <= lastIndex) seq = (seq + 1) % (Integer.MAX_VALUE / IpcLimits.IPCMNI);
        lastIndex = index;
        o.id = seq * IpcLimits.IPCMNI + index;
        byIndex.put(index, o);
        if (o.key != IpcObject.PRIVATE) byKey.put(o.key, o);
        return o.id;
    }

    /** The object an id names, or null (EINVAL: a removed object's id names none). */
    T byId(int id) {
        if (id < 0) return null;
        T o = byIndex.get(id % IpcLimits.IPCMNI);
        return o != null && o.id == id ? o : null;
    }

    /**
     * IPC_STAT, and SHM_STAT, SEM_STAT and MSG_STAT, which name an object by its index and answer its id,
     * and their _ANY forms, which need no read permission: the object's struct, laid out by layout, in out.
     */
    long stat(Task t, int id, boolean byIndex, boolean any, Function<T, byte[]> layout, Reply out) {
        T o = byIndex ? this.byIndex.get(id) : byId(id);
        if (o == null) return -Errno.EINVAL;
        if (!any && !o.permits(t, IpcObject.READ)) return -Errno.EACCES;
        out.item(layout.apply(o));
        return byIndex ? o.id : 0;
    }

    /** IPC_INFO's answer: the highest index in use, 0 with none. */
    int maxIndex() { return byIndex.isEmpty() ? 0 : byIndex.lastKey(); }

    int count() { return byIndex.size(); }

    List<T> all() { return new ArrayList<>(byIndex.values()); }

    /** Its key is free from now on; its id names nothing once it is gone ({@link #remove}). */
    void forgetKey(T o) {
        if (o.key != IpcObject.PRIVATE) byKey.remove(o.key, o);
        o.key = IpcObject.PRIVATE;
    }

    void remove(T o) {
        forgetKey(o);
        byIndex.remove(o.id % IpcLimits.IPCMNI, o);
        o.removed = true;
    }
}
