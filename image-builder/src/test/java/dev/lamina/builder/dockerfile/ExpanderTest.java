package dev.lamina.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ExpanderTest {

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = ExpanderTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> wordsAsBuildkitsLexerExpandsThem() throws IOException {
        Map<String, String> env = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", "");
        return lines("expand-word.txt").stream().map(line -> {
            String[] parts = line.split("\t", -1);
            return DynamicTest.dynamicTest(parts[0], () -> {
                if (parts[1].equals("!error")) {
                    assertThrows(DockerfileException.class, () -> Expander.word(parts[0], env, '\\'));
                } else {
                    assertEquals(parts[1], Expander.word(parts[0], env, '\\'));
                }
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> wordListsSplitAfterExpansion() throws IOException {
        Map<String, String> env = new HashMap<>();
        return lines("expand-words.txt").stream().map(line -> {
            if (line.startsWith("ENV ")) {
                String[] kv = line.substring(4).split("=", 2);
                env.put(kv[0], kv[1]);
                return null;
            }
            String[] parts = line.split("\t", -1);
            Map<String, String> vars = Map.copyOf(env);
            return DynamicTest.dynamicTest(parts[0], () -> {
                if (parts[1].equals("!error")) {
                    assertThrows(DockerfileException.class, () -> Expander.words(parts[0], vars, '\\'));
                } else {
                    assertEquals(Arrays.asList(parts[1].split(",")), Expander.words(parts[0], vars, '\\'));
                }
            });
        }).filter(t -> t != null);
    }

    @Test
    void theEscapeCharacterIsTheDirectivesOne() {
        Map<String, String> env = Map.of("X", "x");
        assertEquals("$X", Expander.word("`$X", env, '`'));
        assertEquals("a\\x", Expander.word("a\\$X", env, '`'));
        assertEquals("a\"b", Expander.word("\"a`\"b\"", env, '`'));
    }

    @Test
    void unsetRequiredVariableNamesItInTheMessage() {
        var e = assertThrows(DockerfileException.class, () -> Expander.word("${TAG:?set TAG}", Map.of(), '\\'));
        assertEquals("failed to process \"${TAG:?set TAG}\": TAG: set TAG", e.getMessage());
        assertEquals(0, e.line());
        var empty = assertThrows(DockerfileException.class, () -> Expander.word("${TAG:?}", Map.of("TAG", ""), '\\'));
        assertEquals("failed to process \"${TAG:?}\": TAG: is not allowed to be empty", empty.getMessage());
    }

    @Test
    void defaultsNestAndExpandVariables() {
        Map<String, String> env = Map.of("A", "a", "EMPTY", "");
        assertEquals("x-a-y", Expander.word("${NOPE:-x-${A}-y}", env, '\\'));
        assertEquals("", Expander.word("${EMPTY-unused}", env, '\\'));
        assertEquals("used", Expander.word("${EMPTY:-used}", env, '\\'));
        assertEquals("alt", Expander.word("${EMPTY+alt}", env, '\\'));
        assertEquals("", Expander.word("${EMPTY:+alt}", env, '\\'));
        assertEquals(List.of("a", "b c", "d"), Expander.words("a 'b c' ${NOPE:-d}", env, '\\'));
    }
}
