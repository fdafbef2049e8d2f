package dev.lamina.engine.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON as the Docker API writes it. Records bind to Docker's PascalCase names
 * ("Image", "HostConfig"); bodies are read leniently, as moby does: unknown
 * keys are ignored, nulls leave defaults, a single string serves for a list
 * (Cmd: "sh" as ["sh"]). Answers with other casings (events, stats) are built
 * as maps, which keep their keys as written.
 */
public final class Json {
    /** Nesting beyond this is no container config, only an attempt to exhaust the parser. */
    private static final int MAX_DEPTH = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .build();

    private Json() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request body as {@code type}; an empty body is {@code otherwise}. Bad JSON is the client's mistake: a 400. */
    public static <T> T read(byte[] body, Class<T> type, T otherwise) {
        if (body == null || body.length == 0) return otherwise;
        try {
            T value = MAPPER.readValue(body, type);
            return value == null ? otherwise : value;
        } catch (IOException e) {
            throw ApiException.badRequest("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    public static JsonNode tree(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "malformed";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
