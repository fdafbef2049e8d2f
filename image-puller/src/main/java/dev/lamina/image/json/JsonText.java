package dev.lamina.image.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Lamina's one JSON mapper (Jackson), set up for documents from registries, archives
 * and a store others may have changed: strict RFC 8259 (no duplicate names, nothing
 * after the document) and nested at most {@value #MAX_DEPTH} deep, so a hostile
 * document cannot exhaust the stack. Jackson's errors become one-line {@link JsonException}s.
 * Callers bound a document's size before reading it.
 */
public final class JsonText {
    static final int MAX_DEPTH = 64;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Docker's layout for people: four spaces, "name": value, one array item a line. */
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    /** How Jackson names a place inside its messages ("start marker at [Source: REDACTED (...); line: 1, column: 1]"). */
    private static final Pattern SOURCE_AT = Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]");

    private JsonText() {}

    /** The document in UTF-8 {@code bytes}; anything but exactly one JSON value is refused. */
    public static JsonNode parse(byte[] bytes) {
        JsonNode value;
        try {
            value = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new JsonException("malformed JSON" + at(e.getLocation()) + ": "
                    + SOURCE_AT.matcher(e.getOriginalMessage()).replaceAll("line $1, column $2"));
        } catch (IOException e) { // the bytes do not decode (Jackson also detects UTF-16 and UTF-32)
            throw new JsonException("malformed JSON: " + e.getMessage());
        }
        if (value.isMissingNode()) throw new JsonException("malformed JSON: the document is empty");
        return value;
    }

    public static JsonNode parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    public static ArrayNode array() { return MAPPER.createArrayNode(); }

    /** Compact JSON text. */
    public static String write(JsonNode value) {
        return write(MAPPER.writer(), value);
    }

    /** Indented JSON text, for people (`lamina image inspect`, the store's names). */
    public static String pretty(JsonNode value) {
        return write(PRETTY, value);
    }

    private static String write(ObjectWriter writer, JsonNode value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that does not write: " + e.getOriginalMessage(), e); // trees always write
        }
    }

    private static String at(JsonLocation where) {
        return where == null || where.getLineNr() < 1 ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }
}
