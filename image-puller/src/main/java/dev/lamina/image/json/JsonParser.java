package dev.lamina.image.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict RFC 8259 parser with a nesting limit, so hostile documents cannot exhaust the stack. */
final class JsonParser {
    private static final int MAX_DEPTH = 64;
    private final String s;
    private int pos;

    private JsonParser(String s) { this.s = s; }

    static Json parse(String text) {
        JsonParser p = new JsonParser(text);
        p.space();
        Json value = p.value(0);
        p.space();
        if (p.pos != p.s.length()) throw p.error("unexpected text after the document");
        return value;
    }

    private Json value(int depth) {
        if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH);
        if (pos >= s.length()) throw error("unexpected end");
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> new Json.Str(string());
            case 't' -> literal("true", new Json.Bool(true));
            case 'f' -> literal("false", new Json.Bool(false));
            case 'n' -> literal("null", new Json.Null());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected '" + c + "'");
            }
        };
    }

    private Json object(int depth) {
        pos++;
        Map<String, Json> fields = new LinkedHashMap<>();
        space();
        if (peek() == '}') { pos++; return new Json.Obj(fields); }
        while (true) {
            space();
            if (peek() != '"') throw error("expected a field name");
            String name = string();
            space();
            expect(':');
            space();
            if (fields.put(name, value(depth + 1)) != null) throw error("field '" + name + "' appears twice");
            space();
            char c = next();
            if (c == '}') return new Json.Obj(fields);
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private Json array(int depth) {
        pos++;
        List<Json> items = new ArrayList<>();
        space();
        if (peek() == ']') { pos++; return new Json.Arr(items); }
        while (true) {
            space();
            items.add(value(depth + 1));
            space();
            char c = next();
            if (c == ']') return new Json.Arr(items);
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("control character in a string");
            if (c != '\\') { sb.append(c); continue; }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) throw error("short \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Json number() {
        int start = pos;
        if (peek() == '-') pos++;
        digits();
        if (pos < s.length() && s.charAt(pos) == '.') { pos++; digits(); }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
            digits();
        }
        return new Json.Num(Double.parseDouble(s.substring(start, pos)));
    }

    private void digits() {
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) pos++;
        if (pos == start) throw error("expected a digit");
    }

    private Json literal(String word, Json value) {
        if (!s.startsWith(word, pos)) throw error("unexpected text");
        pos += word.length();
        return value;
    }

    private void space() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) pos++;
    }

    private char peek() {
        if (pos >= s.length()) throw error("unexpected end");
        return s.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) throw error("expected '" + c + "'");
    }

    private JsonException error(String what) {
        return new JsonException("malformed JSON at offset " + pos + ": " + what);
    }
}
