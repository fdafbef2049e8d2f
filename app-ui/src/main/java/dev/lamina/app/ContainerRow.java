package dev.lamina.app;

import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One container in the table. Its fields change in place on events, so the
 * table keeps its selection and scroll position while containers come and go.
 */
public final class ContainerRow {
    private final String id;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty image = new SimpleStringProperty();
    private final StringProperty state = new SimpleStringProperty();
    private final StringProperty status = new SimpleStringProperty();
    private final ObjectProperty<List<PublishedPort>> ports = new SimpleObjectProperty<>(List.of());
    private final LongProperty created = new SimpleLongProperty();
    private final StringProperty age = new SimpleStringProperty("");
    private final StringProperty cpu = new SimpleStringProperty("");
    private final StringProperty memory = new SimpleStringProperty("");

    public ContainerRow(Container c) {
        this.id = c.getId();
        update(c);
    }

    public void update(Container c) {
        String[] names = c.getNames();
        name.set(names == null || names.length == 0 ? Formats.shortId(id) : names[0].replaceFirst("^/", ""));
        image.set(c.getImage());
        state.set(c.getState());
        status.set(describe(c.getState(), c.getStatus()));
        List<PublishedPort> now = PublishedPort.of(c.getPorts());
        if (!now.equals(ports.get())) ports.set(now);
        created.set(c.getCreated() == null ? 0 : c.getCreated());
        age(java.time.Instant.now());
    }

    /** Makes the age's text again for {@code now}; a cell showing it changes only if the text does. */
    void age(java.time.Instant now) {
        age.set(Formats.ago(created.get(), now));
    }

    /**
     * The state, and an exit code: "running", "exited (137)". Not the engine's "Up 3 minutes", which
     * would go stale between events (the table is never polled).
     */
    static String describe(String state, String status) {
        if (state == null) return "";
        java.util.regex.Matcher code = EXIT_CODE.matcher(status == null ? "" : status);
        return "exited".equals(state) && code.find() ? state + " (" + code.group(1) + ")" : state;
    }

    private static final java.util.regex.Pattern EXIT_CODE = java.util.regex.Pattern.compile("^Exited \\((-?\\d+)\\)");

    /** As docker ps shows them: "0.0.0.0:8080->80/tcp, 53/udp". */
    public String portsText() {
        return ports.get().stream().map(PublishedPort::text).collect(Collectors.joining(", "));
    }

    public String id() { return id; }

    public boolean running() { return "running".equals(state.get()) || "restarting".equals(state.get()); }

    public StringProperty nameProperty() { return name; }

    public StringProperty imageProperty() { return image; }

    public StringProperty stateProperty() { return state; }

    public StringProperty statusProperty() { return status; }

    public ObjectProperty<List<PublishedPort>> portsProperty() { return ports; }

    public LongProperty createdProperty() { return created; }

    /** "3 minutes ago": as of the last event or the view's tick (each second). */
    public StringProperty ageProperty() { return age; }

    public StringProperty cpuProperty() { return cpu; }

    public StringProperty memoryProperty() { return memory; }

    /** The latest stats reading (empty strings: none). */
    void usage(String cpuPercent, String memoryUsed) {
        cpu.set(cpuPercent);
        memory.set(memoryUsed);
    }

    /** Whether the filter box's text matches it (name, image, state or id; any case). */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) return true;
        String f = filter.strip().toLowerCase(java.util.Locale.ROOT);
        return name.get().toLowerCase(java.util.Locale.ROOT).contains(f) || image.get().toLowerCase(java.util.Locale.ROOT).contains(f)
                || state.get().toLowerCase(java.util.Locale.ROOT).contains(f) || id.startsWith(f);
    }
}
