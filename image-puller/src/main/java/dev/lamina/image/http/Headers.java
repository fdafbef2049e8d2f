package dev.lamina.image.http;

import java.util.List;
import java.util.Optional;

/** A response's header fields in the order received; names compare without case. */
public record Headers(List<Header> all) {
    public Headers {
        all = List.copyOf(all);
    }

    public Optional<String> first(String name) {
        for (Header h : all) if (h.name().equalsIgnoreCase(name)) return Optional.of(h.value());
        return Optional.empty();
    }

    public List<String> values(String name) {
        return all.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }
}
