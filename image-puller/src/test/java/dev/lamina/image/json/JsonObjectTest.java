package dev.lamina.image.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fields read by type: the wrong type is a message naming the field; absent and null are the same. */
class JsonObjectTest {
    private static JsonObject of(String json) {
        return JsonObject.of(JsonText.parse(json), "the document");
    }

    @Test
    void eachAccessorNamesTheFieldOfTheWrongType() {
        JsonObject o = of("{\"s\": 5, \"n\": \"5\", \"o\": [], \"a\": {}, \"l\": [\"x\", 1], \"f\": 1.5, \"big\": 1e30}");
        assertRefused("field 's' must be a string", () -> o.string("s"));
        assertRefused("field 'n' must be an integer", () -> o.number("n"));
        assertRefused("field 'f' must be an integer", () -> o.number("f"));
        assertRefused("field 'big' must be an integer", () -> o.number("big")); // refused, never clamped to a long
        assertRefused("field 'o' must be an object", () -> o.object("o"));
        assertRefused("field 'a' must be an array", () -> o.array("a"));
        assertRefused("field 'l' must hold strings", () -> o.optStrings("l"));
        assertRefused("field 'missing' must be a string", () -> o.string("missing"));
        assertRefused("the document must be an object", () -> of("[]"));
    }

    @Test
    void absentAndNullAreTheSame() {
        JsonObject o = of("{\"Cmd\": null, \"config\": null, \"n\": 2.0}");
        assertFalse(o.has("Cmd"));
        assertEquals(List.of(), o.optStrings("Cmd"));
        assertEquals(List.of(), o.optStrings("Entrypoint"));
        assertEquals("x", o.optString("config", "x"));
        assertEquals(0, o.optObject("config").fields().size());
        assertEquals(2, o.number("n")); // integral, whatever its spelling
        assertRefused("field 'config' must be an object", () -> o.object("config"));
    }

    private static void assertRefused(String message, Runnable read) {
        assertEquals(message, assertThrows(JsonException.class, read::run).getMessage());
    }
}
