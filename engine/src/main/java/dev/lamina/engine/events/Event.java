package dev.lamina.engine.events;

import java.util.LinkedHashMap;
import java.util.Map;

/** Something that happened to an object (a container started, an image pulled), as `docker events` shows it. */
public record Event(String type, String action, String id, Map<String, String> attributes, long timeNano) {
    public Event {
        attributes = Map.copyOf(attributes);
    }

    /** The wire form: moby's fields, plus the legacy status/id/from that older clients read. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (type.equals("container") || type.equals("image")) {
            m.put("status", action);
            m.put("id", id);
            if (attributes.containsKey("image")) m.put("from", attributes.get("image"));
        }
        m.put("Type", type);
        m.put("Action", action);
        m.put("Actor", Map.of("ID", id, "Attributes", attributes));
        m.put("scope", "local");
        m.put("time", timeNano / 1_000_000_000L);
        m.put("timeNano", timeNano);
        return m;
    }
}
