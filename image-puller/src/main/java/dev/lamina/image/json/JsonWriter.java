package dev.lamina.image.json;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes {@link Json} values; indent < 0 means compact. */
final class JsonWriter {
    private JsonWriter() {}

    static void write(Json value, StringBuilder sb, int indent, int level) {
        switch (value) {
            case Json.Obj(Map<String, Json> fields) -> {
                if (fields.isEmpty()) { sb.append("{}"); return; }
                sb.append('{');
                Iterator<Map.Entry<String, Json>> it = fields.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, Json> e = it.next();
                    newline(sb, indent, level + 1);
                    string(e.getKey(), sb);
                    sb.append(indent < 0 ? ":" : ": ");
                    write(e.getValue(), sb, indent, level + 1);
                    if (it.hasNext()) sb.append(',');
                }
                newline(sb, indent, level);
                sb.append('}');
            }
            case Json.Arr(List<Json> items) -> {
                if (items.isEmpty()) { sb.append("[]"); return; }
                sb.append('[');
                for (int i = 0; i < items.size(); i++) {
                    newline(sb, indent, level + 1);
                    write(items.get(i), sb, indent, level + 1);
                    if (i + 1 < items.size()) sb.append(',');
                }
                newline(sb, indent, level);
                sb.append(']');
            }
            case Json.Str(String s) -> string(s, sb);
            case Json.Num(double d) -> sb.append(d == Math.rint(d) && Math.abs(d) < 1e18 ? Long.toString((long) d) : Double.toString(d));
            case Json.Bool(boolean b) -> sb.append(b);
            case Json.Null() -> sb.append("null");
        }
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        if (indent < 0) return;
        sb.append('\n').append(" ".repeat(indent * level));
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
