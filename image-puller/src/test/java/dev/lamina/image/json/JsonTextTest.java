package dev.lamina.image.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Documents from registries, archives and a damaged store: strict JSON, bounded nesting, one-line refusals. */
class JsonTextTest {
    @Test
    void nestingIsBounded() {
        int max = JsonText.MAX_DEPTH;
        assertEquals(max, depth(JsonText.parse("[".repeat(max) + "]".repeat(max))));
        assertRefused("[".repeat(max + 1) + "]".repeat(max + 1), "nesting depth");
        // Deep enough to exhaust a recursive reader's stack: refused as quickly.
        assertRefused("[".repeat(100_000), "nesting depth");
        assertRefused("{\"a\":".repeat(max + 1) + "1" + "}".repeat(max + 1), "nesting depth");
    }

    @Test
    void onlyOneStrictDocumentIsRead() {
        assertRefused("{\"a\": 1, \"a\": 2}", "Duplicate field 'a'");
        assertRefused("{} x", "line 1, column 4");
        assertRefused("{}{}", "Trailing token");
        assertRefused("", "the document is empty");
        assertRefused(" \n", "the document is empty");
        assertRefused("{\"a\": 01}", "Leading zeroes");
        assertRefused("NaN", "Non-standard token");
        assertRefused("/* c */ {}", "comment");
        assertRefused("{'a': 1}", "double-quote");
        assertRefused("{\"a\": \"x\ty\"}", "CTRL-CHAR");
        assertRefused("{\"a\": 1,}", "double-quote");
        assertRefused("{\"a\": [\n", "malformed JSON at line 2, column 1: Unexpected end-of-input: expected close marker for Array"
                + " (start marker at line 1, column 7)");
    }

    @Test
    void bytesThatDoNotDecodeAreRefused() {
        assertRefused(new byte[] {'"', (byte) 0xff, '"'}, "Invalid UTF-8");
        // Four bytes that look like UTF-32 to Jackson's detection, then a character past Unicode.
        assertRefused(new byte[] {0, 0, 0, '{', 0x7b, 0x21, 0x61, 0x72}, "UTF-32");
    }

    @Test
    void prettyIsDockersLayout() {
        var o = JsonText.object().put("Id", "sha256:x").put("Size", 5);
        o.putArray("RepoTags").add("a:1").add("b:2");
        o.putArray("RepoDigests");
        o.putObject("Config");
        assertEquals("""
                {
                    "Id": "sha256:x",
                    "Size": 5,
                    "RepoTags": [
                        "a:1",
                        "b:2"
                    ],
                    "RepoDigests": [],
                    "Config": {}
                }""", JsonText.pretty(o));
        assertEquals("{\"Id\":\"sha256:x\",\"Size\":5,\"RepoTags\":[\"a:1\",\"b:2\"],\"RepoDigests\":[],\"Config\":{}}", JsonText.write(o));
    }

    private static int depth(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isEmpty() ? 1 : 1 + depth(n.get(0));
    }

    private static void assertRefused(String text, String detail) {
        assertRefused(text.getBytes(StandardCharsets.UTF_8), detail);
    }

    private static void assertRefused(byte[] bytes, String detail) {
        JsonException e = assertThrows(JsonException.class, () -> JsonText.parse(bytes));
        assertTrue(e.getMessage().startsWith("malformed JSON") && e.getMessage().contains(detail) && !e.getMessage().contains("\n")
                        && !e.getMessage().contains("Source"),
                e.getMessage());
    }
}
