package dev.lamina.engine.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The engine's event stream: every listener gets each event as it happens,
 * and the last KEPT events stay for `docker events --since`.
 */
public final class Events {
    static final int KEPT = 1024;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<Event> recent = new ArrayDeque<>();

    public void publish(String type, String action, String id, Map<String, String> attributes) {
        Instant now = Instant.now();
        Event e = new Event(type, action, id, attributes, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        synchronized (this) {
            recent.addLast(e);
            if (recent.size() > KEPT) recent.removeFirst();
            for (Consumer<Event> l : listeners) l.accept(e);
        }
    }

    /** Events kept since {@code sinceNano}, and {@code l} subscribed for every later one, with nothing missed between. */
    public synchronized List<Event> subscribe(long sinceNano, Consumer<Event> l) {
        List<Event> past = new ArrayList<>();
        for (Event e : recent) if (e.timeNano() >= sinceNano) past.add(e);
        listeners.add(l);
        return past;
    }

    public void unsubscribe(Consumer<Event> l) { listeners.remove(l); }
}
