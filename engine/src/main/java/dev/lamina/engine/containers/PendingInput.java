package dev.lamina.engine.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Input from an attached client that comes before the streams it is for exist
 * (the client attaches, then starts, and may type at once): held in order,
 * handed to the streams when they come, or dropped (each chunk's
 * {@code taken} run) when they never will. The client sends no more while a
 * chunk is held.
 */
final class PendingInput {
    private final List<Consumer<Stdio>> held = new ArrayList<>();

    void input(byte[] bytes, Runnable taken) {
        held.add(s -> {
            if (s == null) taken.run();
            else s.input(bytes, taken);
        });
    }

    void closeInput() {
        held.add(s -> {
            if (s != null) s.closeInput();
        });
    }

    /** Hands what is held to {@code streams}, or drops it when null. */
    void handTo(Stdio streams) {
        for (Consumer<Stdio> h : held) h.accept(streams);
        held.clear();
    }
}
