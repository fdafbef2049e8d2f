package dev.lamina.app;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Whether the engine answers, and its events stream, which drives every view:
 * the views load once when the engine is reached, then change only on events.
 * When the stream ends (the engine stopped), the state turns DOWN and the
 * engine is pinged every two seconds until it answers again.
 */
public final class EngineConnection implements AutoCloseable {
    public enum State { CONNECTING, UP, DOWN }

    private final Docker docker;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.CONNECTING);
    private final List<Consumer<Event>> listeners = new ArrayList<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lamina-app-reconnect").factory());
    private volatile Closeable events;
    private volatile boolean closed;

    public EngineConnection(Docker docker) {
        this.docker = docker;
    }

    public Docker docker() { return docker; }

    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }

    public State state() { return state.get(); }

    /** {@code listener} gets every event, on the JavaFX thread. */
    public void onEvent(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /** Tries now (from any thread). */
    public void connect() {
        retries.execute(this::attempt);
    }

    private void attempt() {
        if (closed || events != null) return;
        try {
            docker.client().pingCmd().exec();
        } catch (RuntimeException down) {
            set(State.DOWN);
            retries.schedule(this::attempt, 2, TimeUnit.SECONDS);
            return;
        }
        // Subscribed before the views load, so no change falls between the two.
        Closeable stream = docker.client().eventsCmd().exec(new ResultCallback.Adapter<Event>() {
            @Override
            public void onNext(Event event) {
                Platform.runLater(() -> listeners.forEach(l -> l.accept(event)));
            }

            @Override
            public void onError(Throwable t) {
                lost();
            }

            @Override
            public void onComplete() {
                lost();
            }
        });
        events = stream;
        if (events == stream) set(State.UP); // unless the stream already ended
    }

    private void lost() {
        events = null;
        if (closed) return;
        set(State.DOWN);
        retries.schedule(this::attempt, 2, TimeUnit.SECONDS);
    }

    private void set(State s) {
        Platform.runLater(() -> state.set(s));
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        Closeable e = events;
        if (e != null) {
            try {
                e.close();
            } catch (java.io.IOException ignored) {
                // The stream is being dropped anyway.
            }
        }
        docker.close();
    }
}
